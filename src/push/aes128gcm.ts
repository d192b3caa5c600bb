/**
 * Web Push message encryption (RFC 8291, `aes128gcm` content coding of RFC 8188), with
 * WebCrypto only, so it runs in workerd. One record: a push message is small.
 *
 * The sender makes a fresh P-256 key pair and salt per message. From an ECDH secret with the
 * subscription's `p256dh` key and the subscription's `auth` secret it derives (HMAC-SHA-256
 * steps of HKDF) a 16-byte content key and a 12-byte nonce, and seals the plaintext with one
 * padding delimiter (0x02) after it. The body is a header (salt, record size, the sender's
 * public key) followed by the AES-128-GCM output.
 *
 * {@link decryptPush} is the user agent's half, for the local fake push service and tests.
 */
import { concatBytes, utf8 } from "../auth/encoding";

/** What a subscription gives the sender: the browser's P-256 public key and auth secret. */
export interface PushKeys {
  /** Uncompressed P-256 point: 65 bytes starting 0x04. */
  p256dh: Uint8Array<ArrayBuffer>;
  /** 16 random bytes. */
  auth: Uint8Array<ArrayBuffer>;
}

/** The record size written in the header; the body is one record, so it bounds the body. */
export const PUSH_RECORD_SIZE = 4096;
const HEADER_BYTES = 16 + 4 + 1 + 65;
const TAG_BYTES = 16;
/**
 * The most plaintext one message carries: the whole body (header, ciphertext, tag) stays
 * within the 4,096 bytes every push service must accept (RFC 8030, section 7.2).
 */
export const PUSH_PLAINTEXT_MAX = PUSH_RECORD_SIZE - HEADER_BYTES - TAG_BYTES - 1;

// Typed from the call's own signature, so this file compiles under workers-types (the
// worker) and under the DOM's types (the fake push service, loaded by the Node test config).
const ECDH: Parameters<typeof crypto.subtle.importKey>[2] = { name: "ECDH", namedCurve: "P-256" };

export class PushCryptoError extends Error {}

/** Checks a subscription's keys as they arrive from a browser (the route validates first). */
function checkKeys(keys: PushKeys): void {
  if (keys.p256dh.length !== 65 || keys.p256dh[0] !== 0x04) {
    throw new PushCryptoError("p256dh must be an uncompressed P-256 point (65 bytes)");
  }
  if (keys.auth.length !== 16) throw new PushCryptoError("auth must be 16 bytes");
}

async function hmac(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, data));
}

/** HKDF-Expand for one block (at most 32 bytes), which is all this scheme needs. */
async function expand(prk: Uint8Array<ArrayBuffer>, info: Uint8Array<ArrayBuffer>, length: number) {
  return (await hmac(prk, concatBytes(info, new Uint8Array([1])))).slice(0, length);
}

/** The content key and nonce, the same on both sides (RFC 8291, section 3.4). */
async function contentKeys(
  secret: Uint8Array<ArrayBuffer>,
  auth: Uint8Array<ArrayBuffer>,
  uaPublic: Uint8Array,
  asPublic: Uint8Array,
  salt: Uint8Array<ArrayBuffer>,
): Promise<{ key: CryptoKey; nonce: Uint8Array<ArrayBuffer> }> {
  const keyInfo = concatBytes(utf8("WebPush: info\0"), uaPublic, asPublic);
  const ikm = await expand(await hmac(auth, secret), keyInfo, 32);
  const prk = await hmac(salt, ikm);
  const cek = await expand(prk, utf8("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await expand(prk, utf8("Content-Encoding: nonce\0"), 12);
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { key, nonce };
}

async function ecdhSecret(privateKey: CryptoKey, publicPoint: Uint8Array<ArrayBuffer>) {
  const peer = await crypto.subtle.importKey("raw", publicPoint, ECDH, false, []);
  // The runtime takes the peer's key as `public` (WebCrypto's name); workers-types spells
  // that field `$public`, since `public` is a reserved word where the types are generated.
  const algorithm = { name: "ECDH", public: peer } as Parameters<
    typeof crypto.subtle.deriveBits
  >[0];
  return new Uint8Array(await crypto.subtle.deriveBits(algorithm, privateKey, 256));
}

/**
 * Encrypts `plaintext` for a subscription. `sender` (an ECDH key pair) and `salt` are fresh
 * for every message unless given, which only a test against known values should do.
 */
export async function encryptPush(
  plaintext: Uint8Array<ArrayBuffer>,
  keys: PushKeys,
  fixed: { sender?: CryptoKeyPair; salt?: Uint8Array<ArrayBuffer> } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  checkKeys(keys);
  if (plaintext.length > PUSH_PLAINTEXT_MAX) {
    throw new PushCryptoError(`a push message carries at most ${PUSH_PLAINTEXT_MAX} bytes`);
  }
  const sender =
    fixed.sender ??
    ((await crypto.subtle.generateKey(ECDH, true, ["deriveBits"])) as CryptoKeyPair);
  const salt = fixed.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const asPublic = new Uint8Array(
    (await crypto.subtle.exportKey("raw", sender.publicKey)) as ArrayBuffer,
  );
  const secret = await ecdhSecret(sender.privateKey, keys.p256dh);
  const { key, nonce } = await contentKeys(secret, keys.auth, keys.p256dh, asPublic, salt);
  const record = concatBytes(plaintext, new Uint8Array([2])); // the last record's delimiter
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, key, record),
  );
  const header = new Uint8Array(HEADER_BYTES);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, PUSH_RECORD_SIZE);
  header[20] = asPublic.length;
  header.set(asPublic, 21);
  return concatBytes(header, sealed);
}

/**
 * The user agent's side: decrypts a body made by {@link encryptPush} (or any RFC 8291
 * sender) with the subscription's private key and auth secret. Throws on anything that is
 * not one well-formed, authentic record.
 */
export async function decryptPush(
  body: Uint8Array<ArrayBuffer>,
  ua: { privateKey: CryptoKey; p256dh: Uint8Array<ArrayBuffer>; auth: Uint8Array<ArrayBuffer> },
): Promise<Uint8Array<ArrayBuffer>> {
  checkKeys(ua);
  if (body.length < HEADER_BYTES + TAG_BYTES + 1) throw new PushCryptoError("body too short");
  const salt = body.slice(0, 16);
  const recordSize = new DataView(body.buffer, body.byteOffset).getUint32(16);
  const idLength = body[20];
  if (idLength !== 65) throw new PushCryptoError("the key id must be a 65-byte P-256 point");
  if (body.length - HEADER_BYTES > recordSize) throw new PushCryptoError("more than one record");
  const asPublic = body.slice(21, HEADER_BYTES);
  const secret = await ecdhSecret(ua.privateKey, asPublic);
  const { key, nonce } = await contentKeys(secret, ua.auth, ua.p256dh, asPublic, salt);
  let record: Uint8Array;
  try {
    record = new Uint8Array(
      await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, body.slice(HEADER_BYTES)),
    );
  } catch {
    throw new PushCryptoError("the body does not decrypt: wrong keys, or altered");
  }
  // Padding is zeros before a last-record delimiter (0x02).
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end -= 1;
  if (record[end] !== 2) throw new PushCryptoError("no last-record delimiter");
  return record.slice(0, end);
}
