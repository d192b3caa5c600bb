/**
 * Token buckets, for whichever object keeps a rate: a user's budgets in their session
 * (src/session/budgets.ts) and a room's per-sender limit on its own sockets
 * (src/durable/room-sockets.ts). A bucket may go into debt: sends a room took on its own
 * sockets are charged after the fact (see src/room/send-debits.ts), and the debt is repaid
 * before the next take.
 */
export interface Bucket {
  tokens: number;
  at: number;
}

/** The tokens a bucket holds at `now` (below zero while in debt). */
function refilled(bucket: Bucket, now: number, perSecond: number, burst: number): number {
  return Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
}

/** How long until a bucket holding `tokens` has one to give. */
function waitForOne(tokens: number, perSecond: number): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
}

/**
 * Charges `count` tokens already spent, even into debt. Returns the bucket and how long
 * until it has a token to give again (0 if it has one now).
 */
export function chargeTokens(
  bucket: Bucket,
  count: number,
  now: number,
  perSecond: number,
  burst: number,
): { bucket: Bucket; retryAfterMs: number } {
  const tokens = refilled(bucket, now, perSecond, burst) - count;
  return { bucket: { tokens, at: now }, retryAfterMs: waitForOne(tokens, perSecond) };
}

export function takeToken(
  bucket: Bucket,
  now: number,
  perSecond: number,
  burst: number,
): { allowed: boolean; bucket: Bucket; retryAfterMs: number } {
  const tokens = refilled(bucket, now, perSecond, burst);
  if (tokens >= 1)
    return { allowed: true, bucket: { tokens: tokens - 1, at: now }, retryAfterMs: 0 };
  return {
    allowed: false,
    bucket: { tokens, at: now },
    retryAfterMs: waitForOne(tokens, perSecond),
  };
}

/** Buckets a {@link KeyedRateLimiter} keeps before it drops those that have refilled. */
export const RATE_KEYS_MAX = 1_000;

/**
 * A token bucket per key (a room's senders), kept in memory. A bucket that has refilled is
 * the same as none, so when there are more than `maxKeys` those are dropped; if every one is
 * still in use, all are (which only refills them): the map cannot grow without bound.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: () => { perSecond: number; burst: number },
    private readonly maxKeys = RATE_KEYS_MAX,
  ) {}

  take(key: string, now: number): { allowed: boolean; retryAfterMs: number } {
    const { perSecond, burst } = this.limits();
    const result = takeToken(
      this.buckets.get(key) ?? { tokens: burst, at: now },
      now,
      perSecond,
      burst,
    );
    this.buckets.set(key, result.bucket);
    if (this.buckets.size > this.maxKeys) {
      for (const [other, bucket] of this.buckets) {
        if (refilled(bucket, now, perSecond, burst) >= burst) {
          this.buckets.delete(other);
        }
      }
      if (this.buckets.size > this.maxKeys) this.buckets.clear();
    }
    return { allowed: result.allowed, retryAfterMs: result.retryAfterMs };
  }
}
