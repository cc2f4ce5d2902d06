/**
 * Brute-force protection for sign-in (RELIABILITY D31), after the token bucket
 * and throttler of Lucia's rate-limiting guide. In memory: in scaled mode each
 * process throttles on its own, which still bounds the rate by N× the limit.
 */

/** A token bucket per key: `max` tokens, one token back every `refillIntervalMs`. */
export class TokenBucket {
  private readonly buckets = new Map<string, { count: number; refilledAt: number }>();

  constructor(
    private readonly max: number,
    private readonly refillIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  consume(key: string, cost = 1): boolean {
    const at = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { count: this.max, refilledAt: at };
      this.buckets.set(key, bucket);
    }
    // A clock that stepped backwards refills nothing and never goes negative (RELIABILITY L77).
    const elapsed = Math.max(0, at - bucket.refilledAt);
    const refill = Math.floor(elapsed / this.refillIntervalMs);
    if (refill > 0) {
      bucket.count = Math.min(this.max, bucket.count + refill);
      bucket.refilledAt += refill * this.refillIntervalMs;
    } else if (at < bucket.refilledAt) {
      bucket.refilledAt = at;
    }
    if (bucket.count < cost) return false;
    bucket.count -= cost;
    return true;
  }

  /** Drops full buckets so the map does not grow without bound. */
  sweep(): void {
    const at = this.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.count + Math.floor((at - bucket.refilledAt) / this.refillIntervalMs) >= this.max) {
        this.buckets.delete(key);
      }
    }
  }
}

/** Escalating lock-out per key after consecutive failures, reset on success. */
export class Throttler {
  private static readonly TIMEOUT_SECONDS = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300];
  private readonly state = new Map<string, { level: number; updatedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds to wait before another attempt is allowed, 0 when allowed now. */
  retryAfterSeconds(key: string): number {
    const entry = this.state.get(key);
    if (!entry) return 0;
    const timeout = Throttler.TIMEOUT_SECONDS[entry.level] ?? 300;
    const elapsed = Math.max(0, this.now() - entry.updatedAt);
    return Math.max(0, Math.ceil((timeout * 1000 - elapsed) / 1000));
  }

  recordFailure(key: string): void {
    const entry = this.state.get(key);
    const level = Math.min((entry?.level ?? 0) + 1, Throttler.TIMEOUT_SECONDS.length - 1);
    this.state.set(key, { level, updatedAt: this.now() });
  }

  reset(key: string): void {
    this.state.delete(key);
  }
}
