/** Parsing input from outside into `{ ok: true, value } | { ok: false, error }`; never throws. */
import * as v from "valibot";
import { type ErrorCode, LIMITS } from "./common";
import { CheckedClientFrame, ClientFrame } from "./frames";
import { DEFAULT_MESSAGE, describeIssues, type Noun } from "./issues";

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/**
 * Half of a UTF-16 surrogate pair standing alone: not text. UTF-8 cannot carry one, but a
 * JSON escape (`"\ud800"`) can, and storage would turn it into U+FFFD (3 bytes of UTF-8).
 * In a `u` regex a proper pair is one code point, so only lone halves match.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `s` is well-formed Unicode: no lone surrogate. Every string from outside must be. */
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/**
 * Where in `input` (a decoded JSON value or a query) the first string that is not
 * well-formed Unicode sits, keys included; null when there is none. Iterative, so deeply
 * nested input cannot exhaust the stack.
 */
function illFormedAt(input: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[input, root]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value === "string") {
      if (!isWellFormed(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((element, i) => {
        stack.push([element, `${path}[${i}]`]);
      });
    } else if (value !== null && typeof value === "object") {
      for (const [key, element] of Object.entries(value)) {
        if (!isWellFormed(key)) return `a name in ${path}`;
        stack.push([element, path === root ? key : `${path}.${key}`]);
      }
    }
  }
  return null;
}

export interface ParseOptions {
  /** What the input's parts are called in messages: `field` (default) or `parameter`. */
  noun?: Noun;
  /** What the whole input is called, for a problem with it as a whole. */
  root?: string;
}

/**
 * Validates an already-decoded JSON value (or a query's parameters) against a schema. Every
 * string in it must be well-formed Unicode; messages name the field and say why in words.
 */
export function parseBody<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  options: ParseOptions = {},
): Parsed<v.InferOutput<S>> {
  const noun = options.noun ?? "field";
  const root = options.root ?? "request body";
  const bad = illFormedAt(input, root);
  if (bad !== null) {
    const message = `${bad} is not well-formed Unicode (it has a lone surrogate)`;
    return { ok: false, error: { code: "validation_failed", message } };
  }
  const result = v.safeParse(schema, input, { message: DEFAULT_MESSAGE, abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const message = describeIssues(result.issues, noun, root);
  return { ok: false, error: { code: "validation_failed", message } };
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
  // Echoed as `ref` only when it could be a valid id: short and well-formed text.
  const ref =
    typeof id === "string" && id.length <= LIMITS.frameIdMax && isWellFormed(id) ? id : undefined;
  const type = envelope.output.type;
  const known: readonly string[] = ClientFrame.options.map((o) => o.entries.type.literal);
  if (!known.includes(type)) {
    // JSON.stringify escapes what could not be shown (a lone surrogate); long names are cut.
    const shown = JSON.stringify(type.length > 64 ? `${type.slice(0, 64)}…` : type);
    return {
      ok: false,
      error: { code: "unknown_frame", message: `unknown frame type ${shown}` },
      ...(ref ? { ref } : {}),
    };
  }
  const parsed = parseBody(CheckedClientFrame, json, { root: "frame" });
  if (!parsed.ok) return { ...parsed, ...(ref ? { ref } : {}) };
  return parsed;
}
