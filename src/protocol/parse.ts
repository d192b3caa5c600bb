/** Parsing input from outside into `{ ok: true, value } | { ok: false, error }`; never throws. */
import * as v from "valibot";
import { type ErrorCode, LIMITS } from "./common";
import { ClientFrame } from "./frames";

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/** Turns valibot issues into one readable sentence naming the field. */
function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** Validates an already-decoded JSON value against a schema. */
export function parseBody<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, error: { code: "validation_failed", message: describe(result.issues) } };
}

export type ParsedFrame =
  | { ok: true; value: ClientFrame }
  | { ok: false; error: ProtocolError; ref?: string };

const FrameEnvelope = v.looseObject({ type: v.string(), id: v.optional(v.unknown()) });

/**
 * Decodes and validates one client frame. `raw` is what the socket delivered; binary frames
 * are refused, and so is anything over `maxBytes` (checked before JSON parsing).
 */
export function parseClientFrame(raw: string | ArrayBuffer, maxBytes: number): ParsedFrame {
  if (typeof raw !== "string") {
    return { ok: false, error: { code: "bad_request", message: "binary frames are not accepted" } };
  }
  // Length in UTF-16 units is a lower bound of UTF-8 bytes; check the cheap one first.
  if (raw.length > maxBytes || new TextEncoder().encode(raw).byteLength > maxBytes) {
    return {
      ok: false,
      error: { code: "payload_too_large", message: `frame exceeds ${maxBytes} bytes` },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: { code: "invalid_json", message: "frame is not valid JSON" } };
  }
  const envelope = v.safeParse(FrameEnvelope, json);
  if (!envelope.success) {
    return {
      ok: false,
      error: { code: "bad_request", message: "frame must be an object with a string `type`" },
    };
  }
  const id = envelope.output.id;
  const ref = typeof id === "string" && id.length <= LIMITS.frameIdMax ? id : undefined;
  const known: readonly string[] = ClientFrame.options.map((o) => o.entries.type.literal);
  if (!known.includes(envelope.output.type)) {
    return {
      ok: false,
      error: { code: "unknown_frame", message: `unknown frame type "${envelope.output.type}"` },
      ...(ref ? { ref } : {}),
    };
  }
  const parsed = parseBody(ClientFrame, json);
  if (!parsed.ok) return { ...parsed, ...(ref ? { ref } : {}) };
  return parsed;
}

/** Compile-time exhaustiveness check for `switch` over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
