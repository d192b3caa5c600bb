/** Helpers for tests that drive the worker inside workerd through its real fetch handler. */
import { exports } from "cloudflare:workers";
import type { AuthResult, ErrorBody } from "../../src/protocol";

export const ORIGIN = "http://localhost:8787";

export interface CallOptions {
  body?: unknown;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

let ipCounter = 0;
/** A distinct client IP per call site, so per-IP throttling does not couple tests. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export async function call<T = unknown>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {
    "CF-Connecting-IP": options.ip ?? freshIp(),
    ...options.headers,
  };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await exports.default.fetch(`${ORIGIN}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  };
}

export function errorCode(result: CallResult<unknown>): string | undefined {
  return (result.body as ErrorBody | null)?.error?.code;
}

let userCounter = 0;
export function uniqueName(prefix = "user"): string {
  userCounter += 1;
  return `${prefix}_${userCounter}_${Math.random().toString(36).slice(2, 8)}`;
}

export const PASSWORD = "correct horse battery";

export async function signUp(username = uniqueName(), password = PASSWORD): Promise<AuthResult> {
  const result = await call<AuthResult>("POST", "/api/auth/signup", {
    body: { username, displayName: `Name of ${username}`, password },
  });
  if (result.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function signIn(username: string, password = PASSWORD, ip?: string) {
  return call<AuthResult>("POST", "/api/auth/signin", {
    body: { username, password },
    ...(ip ? { ip } : {}),
  });
}
