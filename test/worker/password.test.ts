import { describe, expect, it } from "vitest";
import { hashPassword, readParams, verifyPassword } from "../../src/auth/password";

const PARAMS = { memoryKiB: 19_456, iterations: 2 };

/**
 * Computed with Node's own argon2id (OpenSSL, `crypto.argon2Sync`) over the UTF-8 bytes, so
 * these prove the wasm build agrees with an independent implementation, non-ASCII included.
 */
const NODE_VECTORS: [string, string][] = [
  [
    "비밀번호는 자전거",
    "$argon2id$v=19$m=19456,t=2,p=1$ZWRnZS1jaGF0LXNhbHQtMQ$6nw58L2uz3s9BHEllTcrzMKQSfJ8jRVSFT9Wecy2o8Q",
  ],
  [
    "correct horse battery",
    "$argon2id$v=19$m=19456,t=2,p=1$ZWRnZS1jaGF0LXNhbHQtMQ$wgolJIeKixKeSItS9Mii7hZzCI385AX+5FrIS2Q9o+0",
  ],
];

describe("argon2id password hashing", () => {
  it.each(NODE_VECTORS)("verifies a hash made by another implementation (%s)", async (pw, hash) => {
    expect(await verifyPassword(pw, hash)).toBe(true);
    expect(await verifyPassword(`${pw}!`, hash)).toBe(false);
  });

  it("hashes with the given parameters and a random salt", async () => {
    const a = await hashPassword("correct horse battery", PARAMS);
    const b = await hashPassword("correct horse battery", PARAMS);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(readParams(a)).toEqual(PARAMS);
  });

  it("uses every byte of a non-ASCII password", async () => {
    // Same first four UTF-16 units; a wrapper that passed string length would confuse them.
    const hash = await hashPassword("비밀번호1234", PARAMS);
    expect(await verifyPassword("비밀번호1234", hash)).toBe(true);
    expect(await verifyPassword("비밀번호5678", hash)).toBe(false);
    expect(await verifyPassword("비밀번", hash)).toBe(false);
  });

  it.each([
    ["", "empty"],
    ["$2b$10$abcdefghijklmnopqrstuv", "bcrypt"],
    [
      "$argon2i$v=19$m=19456,t=2,p=1$ZWRnZS1jaGF0LXNhbHQtMQ$6nw58L2uz3s9BHEllTcrzMKQSfJ8jRVSFT9Wecy2o8Q",
      "argon2i",
    ],
    [
      "$argon2id$v=19$m=9999999,t=2,p=1$ZWRnZS1jaGF0LXNhbHQtMQ$6nw58L2uz3s9BHEllTcrzMKQSfJ8jRVSFT9Wecy2o8Q",
      "huge memory",
    ],
    ["$argon2id$v=19$m=19456,t=2,p=1$ZWRnZS1jaGF0LXNhbHQtMQ$", "no hash"],
  ])(
    "never matches a stored value that is not a bounded argon2id hash (%#: %s)",
    async (stored) => {
      expect(readParams(stored)).toBeNull();
      expect(await verifyPassword("anything", stored)).toBe(false);
    },
  );
});
