/**
 * VAPID (RFC 8292): the header we sign verifies with plain WebCrypto, carries the claims a
 * push service checks, and the push service's check refuses every way it can be wrong.
 */
import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, utf8 } from "../../src/auth/encoding";
import {
  VAPID_TOKEN_SECONDS,
  type VapidKeys,
  vapidAuthorization,
  verifyVapid,
} from "../../src/push/vapid";

const ENDPOINT = "https://push.example.net/send/abc123";
const SUBJECT = "mailto:ops@example.com";
const NOW = 1_800_000_000_000;

async function vapidKeys(): Promise<VapidKeys> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const raw = (await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer;
  return { privateKey: pair.privateKey, publicKey: new Uint8Array(raw) };
}

const decode = (text: string) =>
  JSON.parse(new TextDecoder().decode(fromBase64url(text) ?? new Uint8Array()));

describe("VAPID (RFC 8292)", () => {
  it("signs an ES256 token for the push service's origin, which plain WebCrypto verifies", async () => {
    const keys = await vapidKeys();
    const header = await vapidAuthorization(ENDPOINT, keys, SUBJECT, NOW);
    const match = /^vapid t=([^.]+)\.([^.]+)\.([^,]+), k=(.+)$/.exec(header);
    expect(match).not.toBeNull();
    const [, head = "", body = "", signature = "", k = ""] = match ?? [];
    expect(decode(head)).toEqual({ typ: "JWT", alg: "ES256" });
    expect(decode(body)).toEqual({
      aud: "https://push.example.net",
      exp: NOW / 1000 + VAPID_TOKEN_SECONDS,
      sub: SUBJECT,
    });
    expect(k).toBe(base64url(keys.publicKey));
    const publicKey = await crypto.subtle.importKey(
      "raw",
      keys.publicKey,
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    const sig = fromBase64url(signature) ?? new Uint8Array();
    expect(sig.length).toBe(64);
    const valid = await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      publicKey,
      sig,
      utf8(`${head}.${body}`),
    );
    expect(valid).toBe(true);
    expect(await verifyVapid(header, ENDPOINT, NOW)).toMatchObject({ key: k, subject: SUBJECT });
  });

  it("refuses a header signed by another key, for another service, or out of its time", async () => {
    const keys = await vapidKeys();
    const header = await vapidAuthorization(ENDPOINT, keys, SUBJECT, NOW);
    const other = base64url((await vapidKeys()).publicKey);
    await expect(verifyVapid(header.replace(/k=.+$/, `k=${other}`), ENDPOINT, NOW)).rejects.toThrow(
      /does not verify/,
    );
    await expect(verifyVapid(header, "https://other.example.org/x", NOW)).rejects.toThrow(/aud/);
    await expect(verifyVapid(header, ENDPOINT, NOW + VAPID_TOKEN_SECONDS * 1000)).rejects.toThrow(
      /expired/,
    );
    // Signed far ahead of the service's clock: more than 24 hours away from it.
    const early = await vapidAuthorization(ENDPOINT, keys, SUBJECT, NOW + 13 * 3600 * 1000);
    await expect(verifyVapid(early, ENDPOINT, NOW)).rejects.toThrow(/too far/);
    const noSubject = await vapidAuthorization(ENDPOINT, keys, "ops@example.com", NOW);
    await expect(verifyVapid(noSubject, ENDPOINT, NOW)).rejects.toThrow(/sub/);
  });

  it("refuses a header that is not a well-formed vapid header", async () => {
    for (const header of [
      "Bearer x",
      "vapid k=abc",
      "vapid t=a.b.c, k=@@",
      "vapid t=e30.e30.AAAA, k=AAAA",
    ]) {
      await expect(verifyVapid(header, ENDPOINT, NOW)).rejects.toThrow();
    }
  });
});
