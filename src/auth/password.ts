/**
 * Password hashing with argon2id (RFC 9106), from a statically imported WebAssembly build of
 * the reference implementation. Production Workers cap PBKDF2 at 100,000 iterations, below
 * OWASP's advice, and refuse WebAssembly compiled at run time; a `.wasm` module imported at
 * build time is allowed.
 *
 * The package's own JavaScript wrapper passes `string.length` (UTF-16 units) as the password
 * length, which truncates non-ASCII passwords, so this module calls the wasm exports
 * directly with the UTF-8 byte length.
 */
import argon2Module from "@phi-ag/argon2/argon2.wasm";
import { ARGON2_BOUNDS } from "../settings";
import { utf8 } from "./encoding";

interface Argon2Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  argon2_hash(
    t: number,
    m: number,
    p: number,
    pwd: number,
    pwdLen: number,
    salt: number,
    saltLen: number,
    hash: number,
    hashLen: number,
    encoded: number,
    encodedLen: number,
    type: number,
    version: number,
  ): number;
  argon2_verify(encoded: number, pwd: number, pwdLen: number, type: number): number;
  argon2_encodedlen(
    t: number,
    m: number,
    p: number,
    saltLen: number,
    hashLen: number,
    type: number,
  ): number;
}

const ARGON2ID = 2;
const VERSION_13 = 0x13;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** ARGON2_VERIFY_MISMATCH in the reference implementation. */
const VERIFY_MISMATCH = -35;

export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
}

let instance: Promise<Argon2Exports> | undefined;

function argon2(): Promise<Argon2Exports> {
  instance ??= WebAssembly.instantiate(argon2Module, {}).then(
    (inst) => {
      const exports = inst.exports as unknown as Argon2Exports;
      exports._initialize();
      return exports;
    },
    (error: unknown) => {
      instance = undefined; // try again next time rather than failing forever
      throw error;
    },
  );
  return instance;
}

/** Runs `fn` with `bytes` copied into wasm memory, wiping and freeing them afterwards. */
function withBytes<T>(wasm: Argon2Exports, bytes: Uint8Array, fn: (ptr: number) => T): T {
  const ptr = wasm.malloc(Math.max(bytes.byteLength, 1));
  if (ptr === 0) throw new Error("argon2: out of memory");
  new Uint8Array(wasm.memory.buffer, ptr, bytes.byteLength).set(bytes);
  try {
    return fn(ptr);
  } finally {
    new Uint8Array(wasm.memory.buffer, ptr, bytes.byteLength).fill(0);
    wasm.free(ptr);
  }
}

/** Hashes a password; returns the PHC string `$argon2id$v=19$m=..,t=..,p=1$salt$hash`. */
export async function hashPassword(password: string, params: Argon2Params): Promise<string> {
  const wasm = await argon2();
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const { memoryKiB: m, iterations: t } = params;
  const encodedLen = wasm.argon2_encodedlen(t, m, 1, SALT_BYTES, HASH_BYTES, ARGON2ID);
  const out = wasm.malloc(encodedLen);
  if (out === 0) throw new Error("argon2: out of memory");
  const pwdBytes = utf8(password);
  try {
    const code = withBytes(wasm, pwdBytes, (pwd) =>
      withBytes(wasm, salt, (saltPtr) =>
        wasm.argon2_hash(
          t,
          m,
          1,
          pwd,
          pwdBytes.byteLength,
          saltPtr,
          SALT_BYTES,
          0,
          HASH_BYTES,
          out,
          encodedLen,
          ARGON2ID,
          VERSION_13,
        ),
      ),
    );
    if (code !== 0) throw new Error(`argon2 hash failed with code ${code}`);
    const bytes = new Uint8Array(wasm.memory.buffer, out, encodedLen);
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(bytes.slice(0, end < 0 ? encodedLen : end));
  } finally {
    wasm.free(out);
    pwdBytes.fill(0);
  }
}

const PHC =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=1\$[A-Za-z0-9+/]{11,64}\$[A-Za-z0-9+/]{16,128}$/;

/** Reads the parameters of a stored hash; null when it is not one this module can verify. */
export function readParams(encoded: string): Argon2Params | null {
  const match = PHC.exec(encoded);
  if (!match) return null;
  const memoryKiB = Number(match[1]);
  const iterations = Number(match[2]);
  if (memoryKiB > ARGON2_BOUNDS.memoryKiB.max || iterations > ARGON2_BOUNDS.iterations.max) {
    return null;
  }
  if (iterations < 1) return null;
  return { memoryKiB, iterations };
}

/** True when a stored hash was made with other parameters than `params`. */
export function needsRehash(encoded: string, params: Argon2Params): boolean {
  const stored = readParams(encoded);
  return (
    stored === null ||
    stored.memoryKiB !== params.memoryKiB ||
    stored.iterations !== params.iterations
  );
}

/**
 * True when `password` matches `encoded`. A stored value that is not a well-formed argon2id
 * hash within bounds never matches (and is not handed to the C code).
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (!readParams(encoded)) return false;
  const wasm = await argon2();
  const pwd = utf8(password);
  let code: number;
  try {
    code = withBytes(wasm, utf8(`${encoded}\0`), (enc) =>
      withBytes(wasm, pwd, (pwdPtr) => wasm.argon2_verify(enc, pwdPtr, pwd.byteLength, ARGON2ID)),
    );
  } finally {
    pwd.fill(0);
  }
  if (code === 0) return true;
  if (code === VERIFY_MISMATCH) return false;
  throw new Error(`argon2 verify failed with code ${code}`);
}

const decoys = new Map<string, Promise<string>>();

/**
 * Spends the same work as a real verification, for sign-ins to unknown usernames, so that
 * response time does not tell whether an account exists. Stored hashes converge on the
 * current parameters (sign-in rehashes), so the decoy uses them too.
 */
export async function verifyDecoy(password: string, params: Argon2Params): Promise<false> {
  const key = `${params.memoryKiB}/${params.iterations}`;
  let decoy = decoys.get(key);
  if (!decoy) {
    decoy = hashPassword(crypto.randomUUID(), params);
    decoys.set(key, decoy);
    decoy.catch(() => decoys.delete(key));
  }
  await verifyPassword(password, await decoy);
  return false;
}
