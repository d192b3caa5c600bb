/**
 * A fresh VAPID key pair in the form the worker reads (src/push/keys.ts): the public key as
 * a base64url uncompressed point, the private key as its base64url scalar. Node's crypto,
 * as scripts/dev-vars.mjs makes them for `.dev.vars`.
 */
import { generateKeyPairSync } from "node:crypto";

export function vapidKeyPair(): { publicKey: string; privateKey: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const jwk = privateKey.export({ format: "jwk" });
  if (!jwk.x || !jwk.y || !jwk.d) throw new Error("an EC key without x, y or d");
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, "base64url"),
    Buffer.from(jwk.y, "base64url"),
  ]);
  return { publicKey: point.toString("base64url"), privateKey: jwk.d };
}
