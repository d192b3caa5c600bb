/**
 * Search cursors: `<key>.<mac>`, an archive key (the position to search below, decimal) and
 * an HMAC-SHA256 over the key and the search it belongs to (caller, room, folded words),
 * keyed by a key derived from JWT_SECRET with HKDF. A cursor this server did not give, or
 * gave for another caller or another search, does not open: the caller gets 400 instead of
 * a page read from an arbitrary position. (Membership is checked on every page regardless.)
 */
import { base64url, fromBase64url, utf8 } from "../auth/encoding";
import { SEARCH_CURSOR } from "../protocol";

/** What a cursor is good for: this caller's search for these words, in this room or all. */
export interface CursorScope {
  userId: string;
  roomId: string | null;
  words: string[];
}

const keys = new Map<string, Promise<CryptoKey>>();

/** The cursor key for a secret: HKDF-SHA256 with its own label, never the token key itself. */
function cursorKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret), "HKDF", false, ["deriveKey"]).then((base) =>
      crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(0),
          info: utf8("edge-chat search cursor v1"),
        },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      ),
    );
    keys.set(secret, key);
  }
  return key;
}

const signed = (scope: CursorScope, key: string) =>
  utf8(JSON.stringify([scope.userId, scope.roomId, scope.words, key]));

export async function sealCursor(secret: string, scope: CursorScope, key: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await cursorKey(secret), signed(scope, key));
  return `${key}.${base64url(new Uint8Array(mac))}`;
}

/** The archive key in `cursor`, or null when this server did not give it for `scope`. */
export async function openCursor(
  secret: string,
  scope: CursorScope,
  cursor: string,
): Promise<string | null> {
  const [, key, mac] = SEARCH_CURSOR.exec(cursor) ?? [];
  const bytes = mac ? fromBase64url(mac) : null;
  if (!key || !bytes) return null;
  const valid = await crypto.subtle.verify(
    "HMAC",
    await cursorKey(secret),
    bytes,
    signed(scope, key),
  );
  return valid ? key : null;
}
