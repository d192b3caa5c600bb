/**
 * A local push service that does the real work: it hands out subscriptions as a browser
 * would (its own P-256 key pair and auth secret per subscription), and for each push it
 * checks the VAPID signature and claims (RFC 8292) and decrypts the body (RFC 8291) with
 * the subscription's private key, keeping what it read. Scripted answers (410, 429 with
 * Retry-After, 500) let a test play a push service that refuses.
 *
 * One fetch-style handler, `handle`, serves it: as Miniflare's outbound service in the
 * Workers tests (vitest.config.ts) and behind a loopback HTTP server for `wrangler dev`
 * (./fake-push-server.ts). Control routes, under the service's own origin:
 * - `POST /_subscribe` → `PushSubscription.toJSON()`-like `{ endpoint, keys }`;
 * - `POST /_script/<id>` `{ answers: [{ status, retryAfter? }] }`: the next pushes to that
 *   subscription get these answers, in order, and are not accepted;
 * - `GET /_received/<id>` → `{ pushes, refused }`: what was accepted, and how many were not.
 */
import { base64url } from "../../src/auth/encoding";
import { decryptPush } from "../../src/push/aes128gcm";
import { verifyVapid } from "../../src/push/vapid";

export interface ReceivedPush {
  payload: unknown;
  ttl: string | null;
  urgency: string | null;
  topic: string | null;
  /** The VAPID key that signed it, base64url, and the claims. */
  vapidKey: string;
  subject: string;
  exp: number;
  at: number;
}

interface FakeSubscription {
  privateKey: CryptoKey;
  p256dh: Uint8Array<ArrayBuffer>;
  auth: Uint8Array<ArrayBuffer>;
  answers: { status: number; retryAfter?: string }[];
  pushes: ReceivedPush[];
  refused: number;
  refusedAt: number[];
}

const ECDH = { name: "ECDH", namedCurve: "P-256" };

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export class FakePushService {
  private readonly subscriptions = new Map<string, FakeSubscription>();

  handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const [, first, id] = url.pathname.split("/");
    if (request.method === "POST" && first === "_subscribe") return this.subscribe(url.origin);
    const subscription = id === undefined ? undefined : this.subscriptions.get(id);
    if (!subscription) return new Response("no such subscription", { status: 404 });
    if (request.method === "POST" && first === "_script") {
      const body = (await request.json()) as { answers: FakeSubscription["answers"] };
      subscription.answers.push(...body.answers);
      return json({ ok: true });
    }
    if (request.method === "GET" && first === "_received") {
      const { pushes, refused, refusedAt } = subscription;
      return json({ pushes, refused, refusedAt });
    }
    if (request.method === "POST" && first === "push") return this.push(request, subscription);
    return new Response("not found", { status: 404 });
  };

  private async subscribe(origin: string): Promise<Response> {
    const pair = (await crypto.subtle.generateKey(ECDH, true, ["deriveBits"])) as CryptoKeyPair;
    const p256dh = new Uint8Array(
      (await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer,
    );
    const auth = crypto.getRandomValues(new Uint8Array(16));
    const id = crypto.randomUUID();
    this.subscriptions.set(id, {
      privateKey: pair.privateKey,
      p256dh,
      auth,
      answers: [],
      pushes: [],
      refused: 0,
      refusedAt: [],
    });
    return json({
      endpoint: `${origin}/push/${id}`,
      expirationTime: null,
      keys: { p256dh: base64url(p256dh), auth: base64url(auth) },
    });
  }

  private async push(request: Request, subscription: FakeSubscription): Promise<Response> {
    const scripted = subscription.answers.shift();
    if (scripted) {
      subscription.refused += 1;
      subscription.refusedAt.push(Date.now());
      const headers: Record<string, string> = scripted.retryAfter
        ? { "Retry-After": scripted.retryAfter }
        : {};
      return new Response("scripted", { status: scripted.status, headers });
    }
    const now = Date.now();
    let claims: Awaited<ReturnType<typeof verifyVapid>>;
    try {
      claims = await verifyVapid(request.headers.get("Authorization") ?? "", request.url, now);
    } catch (error) {
      return new Response(`vapid: ${(error as Error).message}`, { status: 403 });
    }
    if (request.headers.get("Content-Encoding") !== "aes128gcm") {
      return new Response("Content-Encoding must be aes128gcm", { status: 415 });
    }
    if (request.headers.get("TTL") === null)
      return new Response("TTL is required", { status: 400 });
    const body = new Uint8Array(await request.arrayBuffer());
    let plaintext: Uint8Array;
    try {
      plaintext = await decryptPush(body, subscription);
    } catch (error) {
      return new Response(`decrypt: ${(error as Error).message}`, { status: 400 });
    }
    subscription.pushes.push({
      payload: JSON.parse(new TextDecoder().decode(plaintext)),
      ttl: request.headers.get("TTL"),
      urgency: request.headers.get("Urgency"),
      topic: request.headers.get("Topic"),
      vapidKey: claims.key,
      subject: claims.subject,
      exp: claims.exp,
      at: now,
    });
    return new Response(null, { status: 201 });
  }
}
