/**
 * Web Push encryption against the worked example of RFC 8291 (section 5 and appendix A):
 * the same keys and salt must give the same body, byte for byte, and the user agent's side
 * must read it back.
 */
import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, utf8 } from "../../src/auth/encoding";
import {
  decryptPush,
  encryptPush,
  PUSH_PLAINTEXT_MAX,
  PushCryptoError,
} from "../../src/push/aes128gcm";

const RFC = {
  plaintext: "When I grow up, I want to be a watermelon",
  uaPublic:
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  uaPrivate: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
  asPublic:
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  body: "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

const bytes = (text: string) => {
  const decoded = fromBase64url(text);
  if (!decoded) throw new Error(`not base64url: ${text}`);
  return decoded;
};

/** A P-256 key pair from the example's public point and private scalar. */
async function keyPair(publicText: string, privateText: string): Promise<CryptoKeyPair> {
  const point = bytes(publicText);
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: base64url(point.slice(1, 33)),
    y: base64url(point.slice(33)),
    d: privateText,
  };
  const algorithm = { name: "ECDH", namedCurve: "P-256" };
  return {
    privateKey: await crypto.subtle.importKey("jwk", jwk, algorithm, true, ["deriveBits"]),
    publicKey: await crypto.subtle.importKey("raw", point, algorithm, true, []),
  };
}

const subscription = () => ({ p256dh: bytes(RFC.uaPublic), auth: bytes(RFC.auth) });

async function freshUserAgent() {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
    "deriveBits",
  ])) as CryptoKeyPair;
  const p256dh = new Uint8Array(
    (await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer,
  );
  return { privateKey: pair.privateKey, p256dh, auth: crypto.getRandomValues(new Uint8Array(16)) };
}

describe("Web Push encryption (RFC 8291)", () => {
  it("gives the RFC's body for the RFC's keys and salt", async () => {
    const body = await encryptPush(utf8(RFC.plaintext), subscription(), {
      sender: await keyPair(RFC.asPublic, RFC.asPrivate),
      salt: bytes(RFC.salt),
    });
    expect(base64url(body)).toBe(RFC.body);
  });

  it("reads the RFC's body back on the user agent's side", async () => {
    const ua = await keyPair(RFC.uaPublic, RFC.uaPrivate);
    const plain = await decryptPush(bytes(RFC.body), {
      privateKey: ua.privateKey,
      ...subscription(),
    });
    expect(new TextDecoder().decode(plain)).toBe(RFC.plaintext);
  });

  it("round-trips with fresh keys and salt, never the same body twice", async () => {
    const ua = await freshUserAgent();
    const text = utf8("새 메시지 · new message");
    const [one, two] = [await encryptPush(text, ua), await encryptPush(text, ua)];
    expect(base64url(one)).not.toBe(base64url(two));
    for (const body of [one, two]) expect(await decryptPush(body, ua)).toEqual(text);
  });

  it("carries up to PUSH_PLAINTEXT_MAX bytes in a body of at most 4,096, and refuses one more", async () => {
    const ua = await freshUserAgent();
    const full = await encryptPush(new Uint8Array(PUSH_PLAINTEXT_MAX), ua);
    expect(full.length).toBe(4096);
    expect((await decryptPush(full, ua)).length).toBe(PUSH_PLAINTEXT_MAX);
    await expect(encryptPush(new Uint8Array(PUSH_PLAINTEXT_MAX + 1), ua)).rejects.toThrow(
      PushCryptoError,
    );
  });

  it("refuses malformed subscription keys, and a body altered or meant for someone else", async () => {
    const ua = await freshUserAgent();
    const text = utf8("hi");
    await expect(encryptPush(text, { ...ua, p256dh: ua.p256dh.slice(1) })).rejects.toThrow(
      /p256dh/,
    );
    await expect(encryptPush(text, { ...ua, auth: new Uint8Array(15) })).rejects.toThrow(/auth/);
    const body = await encryptPush(text, ua);
    const altered = body.slice();
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    await expect(decryptPush(altered, ua)).rejects.toThrow(/does not decrypt/);
    await expect(decryptPush(body, await freshUserAgent())).rejects.toThrow(/does not decrypt/);
    await expect(decryptPush(body.slice(0, 90), ua)).rejects.toThrow(/too short/);
  });
});
