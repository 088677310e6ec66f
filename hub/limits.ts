/**
 * Per-key token buckets: each endpoint class allows `ratePerS` requests a second per caller (token, or
 * address before authentication) with bursts up to `burst`. In memory, per hub instance: behind a load
 * balancer with n instances a caller gets at most n times the rate (docs/sync.md).
 */
export interface Rate {
  ratePerS: number;
  burst: number;
}

export type LimitClass = 'health' | 'auth' | 'push' | 'pull' | 'dispatch' | 'blob';

export const DEFAULT_LIMITS: Record<LimitClass, Rate> = {
  health: { ratePerS: 20, burst: 40 },
  /** Requests before authentication succeeds, per address: slows token guessing. */
  auth: { ratePerS: 20, burst: 60 },
  push: { ratePerS: 50, burst: 100 },
  pull: { ratePerS: 100, burst: 200 },
  dispatch: { ratePerS: 10, burst: 30 },
  /** Blob declarations and chunks (1 MiB each): 200/s is 200 MiB/s per token, above what a link carries. */
  blob: { ratePerS: 200, burst: 400 },
};

const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: Record<LimitClass, Rate> = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the bucket; returns ms to wait when it is empty, else 0. */
  take(kind: LimitClass, key: string): number {
    const { ratePerS, burst } = this.limits[kind];
    const id = `${kind}:${key}`;
    const now = this.now();
    let bucket = this.buckets.get(id);
    if (!bucket) {
      if (this.buckets.size >= MAX_KEYS) this.prune(now);
      bucket = { tokens: burst, at: now };
      this.buckets.set(id, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerS);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / ratePerS) * 1000);
  }

  /** Drops full buckets (callers idle long enough to have refilled); the oldest go if that is not enough. */
  private prune(now: number): void {
    for (const [id, bucket] of this.buckets) {
      if (now - bucket.at > 60_000) this.buckets.delete(id);
    }
    if (this.buckets.size < MAX_KEYS) return;
    let excess = this.buckets.size - MAX_KEYS / 2;
    for (const id of this.buckets.keys()) {
      if (excess-- <= 0) break;
      this.buckets.delete(id);
    }
  }
}
