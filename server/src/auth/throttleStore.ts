import { LOGIN_IP_BUCKET_SIZE, LOGIN_IP_REFILL_MS, LOGIN_THROTTLE_FORGET_MS } from '../config.ts';

/**
 * Brute-force protection for sign-in (RELIABILITY D31), after the token bucket
 * and throttler of Lucia's rate-limiting guide: a bucket of attempts per IP and
 * an escalating lock-out per account as tried from one IP (the key is the (IP,
 * account) pair, per OWASP, so nobody can lock an owner out from elsewhere:
 * issue 10 finding 14; see authRoutes.ts), behind one interface (`ThrottleStore`).
 * Embedded mode keeps them in this process's memory (below). Scaled mode
 * (REDIS_URL) keeps them in Redis (scale/redisThrottleStore.ts), so every
 * process draws on the same limits and N processes do not allow N× the attempts.
 *
 * The lock-out is claimed, as Lucia's throttler consumes: before the password is
 * hashed, one atomic step both checks the account's wait and, when there is none,
 * counts the attempt (raises the level, stamps the time). A failed password leaves
 * the claim in place; a success resets it. Checking first and recording the failure
 * after the slow hash would let a concurrent burst (many IPs, each within its own
 * bucket) all pass the check before any failure was recorded.
 */

/** What the sign-in routes use; they do not know where the state lives. */
export type ThrottleStore = {
  /** Takes `cost` tokens from the bucket of `key` (an IP); false, taking none, when too few are left. */
  consume(key: string, cost?: number): Promise<boolean>;
  /**
   * One sign-in attempt of `key` (an account), atomically: 0 when it may proceed, having
   * counted it (the next attempt waits longer: 1 s, 2 s, 4 s … 300 s, unless reset), or
   * the seconds it must wait first, counting nothing.
   */
  claimAttempt(key: string): Promise<number>;
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
 * Escalating lock-out per key: each claimed attempt raises the level, a success resets
 * it, and it is forgotten `forgetMs` after the last claimed attempt (the last failure,
 * since a success resets). Forgetting after an hour gives an attacker no more than
 * staying at the 300 s level would: 10 attempts in the first ten minutes, then an
 * hour's quiet, is about 9 an hour against 12 an hour at 300 s.
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

  private wait(entry: { level: number; elapsed: number } | undefined): number {
    if (!entry) return 0;
    const timeout = THROTTLE_TIMEOUT_SECONDS[entry.level] ?? 300;
    return Math.max(0, Math.ceil((timeout * 1000 - entry.elapsed) / 1000));
  }

  /** Seconds to wait before another attempt is allowed, 0 when allowed now; counts nothing. */
  retryAfterSeconds(key: string): number {
    return this.wait(this.current(key, this.now()));
  }

  /**
   * 0 when an attempt may proceed now, having counted it (level up, time stamped), else
   * the seconds to wait, counting nothing. Synchronous, so atomic within this process.
   * scale/redisThrottleStore.ts runs the same arithmetic in Lua: change both together.
   */
  claim(key: string): number {
    const at = this.now();
    const entry = this.current(key, at);
    const wait = this.wait(entry);
    if (wait > 0) return wait;
    const level = Math.min((entry?.level ?? 0) + 1, THROTTLE_TIMEOUT_SECONDS.length - 1);
    this.state.set(key, { level, updatedAt: at });
    return 0;
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

/** The in-memory store; `retryAfterSeconds` only for the Redis store's fallback. */
export type MemoryThrottleStore = ThrottleStore & {
  /** Seconds `key` must still wait, counting nothing (lock-outs claimed here while Redis was down). */
  retryAfterSeconds(key: string): Promise<number>;
};

/** The store of embedded mode (and the fallback of the Redis one): this process's memory. */
export function createMemoryThrottleStore(
  limits: ThrottleLimits = SIGN_IN_LIMITS,
  now: () => number = Date.now,
): MemoryThrottleStore {
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
    claimAttempt: async (key) => throttler.claim(key),
    retryAfterSeconds: async (key) => throttler.retryAfterSeconds(key),
    reset: async (key) => throttler.reset(key),
  };
}
