/** Token bucket for the per-user send rate (SEND_RATE_PER_SECOND, burst SEND_BURST). */
export interface Bucket {
  tokens: number;
  at: number;
}

export function takeToken(
  bucket: Bucket,
  now: number,
  perSecond: number,
  burst: number,
): { allowed: boolean; bucket: Bucket; retryAfterMs: number } {
  const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  if (tokens >= 1)
    return { allowed: true, bucket: { tokens: tokens - 1, at: now }, retryAfterMs: 0 };
  return {
    allowed: false,
    bucket: { tokens, at: now },
    retryAfterMs: Math.ceil(((1 - tokens) / perSecond) * 1000),
  };
}
