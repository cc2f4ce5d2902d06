import { LOGIN_IP_BUCKET_SIZE, LOGIN_IP_REFILL_MS, LOGIN_THROTTLE_FORGET_MS } from '../config.ts';

/**
 * Brute-force protection for sign-in (RELIABILITY D31), after the token bucket
 * and throttler of Lucia's rate-limiting guide: a bucket of attempts per IP and
 * an escalating lock-out per account, behind one interface (`ThrottleStore`).
 * Embedded mode keeps them in this process's memory (below). Scaled mode
 * (REDIS_URL) keeps them in Redis (scale/redisThrottleStore.ts), so every
 * process draws on the same limits and N processes do not allow N× the attempts.
 */

/** What the sign-in routes use; they do not know where the state lives. */
export type ThrottleStore = {
  /** Takes `cost` tokens from the bucket of `key` (an IP); false, taking none, when too few are left. */
  consume(key: string, cost?: number): Promise<boolean>;
  /** Seconds `key` (an account) must wait before another attempt, 0 when it may try now. */
  retryAfterSeconds(key: string): Promise<number>;
  /** A failed attempt of `key`: its next wait is longer (1 s, 2 s, 4 s … 300 s). */
  recordFailure(key: string): Promise<void>;
  /** A successful sign-in of `key` clears its lock-out. */
  reset(key: string): Promise<void>;
};

export type ThrottleLimits = {
  /** Tokens in a full bucket. */
  bucketSize: number;
  /** One token comes back every this many ms. */
  refillMs: number;
  /** An account's lock-out level is forgotten this long after its last failure. */
  forgetMs: number;
};

export const SIGN_IN_LIMITS: ThrottleLimits = {
  bucketSize: LOGIN_IP_BUCKET_SIZE,
  refillMs: LOGIN_IP_REFILL_MS,
  forgetMs: LOGIN_THROTTLE_FORGET_MS,
};

/** The wait after 0, 1, 2 … consecutive failures; the last one repeats. */
export const THROTTLE_TIMEOUT_SECONDS: readonly number[] = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300];

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
    // scale/redisThrottleStore.ts runs the same arithmetic in Lua: change both together.
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

/**
 * Escalating lock-out per key after consecutive failures, reset on success, and
 * forgotten `forgetMs` after the last failure. Forgetting after an hour gives an
 * attacker no more than staying at the 300 s level would: 10 attempts in the first
 * ten minutes, then an hour's quiet, is about 9 an hour against 12 an hour at 300 s.
 */
export class Throttler {
  private readonly state = new Map<string, { level: number; updatedAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly forgetMs: number = LOGIN_THROTTLE_FORGET_MS,
  ) {}

  /** The key's entry, unless forgotten; a clock that stepped backwards forgets nothing. */
  private current(key: string, at: number) {
    const entry = this.state.get(key);
    if (!entry) return undefined;
    const elapsed = Math.max(0, at - entry.updatedAt);
    return elapsed >= this.forgetMs ? undefined : { ...entry, elapsed };
  }

  /** Seconds to wait before another attempt is allowed, 0 when allowed now. */
  retryAfterSeconds(key: string): number {
    const entry = this.current(key, this.now());
    if (!entry) return 0;
    const timeout = THROTTLE_TIMEOUT_SECONDS[entry.level] ?? 300;
    return Math.max(0, Math.ceil((timeout * 1000 - entry.elapsed) / 1000));
  }

  recordFailure(key: string): void {
    const at = this.now();
    const level = Math.min((this.current(key, at)?.level ?? 0) + 1, THROTTLE_TIMEOUT_SECONDS.length - 1);
    this.state.set(key, { level, updatedAt: at });
  }

  reset(key: string): void {
    this.state.delete(key);
  }

  /** Drops forgotten entries so the map does not grow without bound. */
  sweep(): void {
    const at = this.now();
    for (const key of this.state.keys()) {
      if (!this.current(key, at)) this.state.delete(key);
    }
  }
}

/** The store of embedded mode (and the fallback of the Redis one): this process's memory. */
export function createMemoryThrottleStore(
  limits: ThrottleLimits = SIGN_IN_LIMITS,
  now: () => number = Date.now,
): ThrottleStore {
  const buckets = new TokenBucket(limits.bucketSize, limits.refillMs, now);
  const throttler = new Throttler(now, limits.forgetMs);
  const sweep = setInterval(
    () => {
      buckets.sweep();
      throttler.sweep();
    },
    10 * 60 * 1000,
  );
  sweep.unref();
  return {
    consume: async (key, cost) => buckets.consume(key, cost),
    retryAfterSeconds: async (key) => throttler.retryAfterSeconds(key),
    recordFailure: async (key) => throttler.recordFailure(key),
    reset: async (key) => throttler.reset(key),
  };
}
