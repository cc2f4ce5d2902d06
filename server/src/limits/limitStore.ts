/**
 * Action rate limits (issue 10 finding 8, RELIABILITY G50): token buckets that cap how many entries,
 * comments, invitations and emails an account and an organisation can make per unit of time. This
 * module holds the store's interface and its in-memory form (embedded mode, and the fallback of the
 * Redis form in limits/limitStore.redis.ts, which runs the same arithmetic in Lua: change both together).
 *
 * A request draws on several buckets at once (its account's, its organisation's, a recipient's), and
 * takes a token from every one of them or from none: a request refused by its organisation's bucket
 * must not also spend its account's token, or a refused request would still cost something.
 */

/** A token bucket: `capacity` actions at once (the burst), then one more every `refillMs`. */
export type LimitRule = { readonly capacity: number; readonly refillMs: number };

/** One bucket a request draws on: `name` is the kind of bucket (e.g. `entry:account`), `key` whose it is. */
export type Draw = { readonly name: string; readonly key: string; readonly rule: LimitRule };

export type LimitStore = {
  /**
   * Takes one token from every bucket of `draws` (distinct buckets), atomically, or none of them: 0 when taken, else the
   * milliseconds until every one of them would have a token again (nothing taken).
   */
  take(draws: readonly Draw[]): Promise<number>;
};

type Bucket = { count: number; refilledAt: number };

/**
 * The bucket refilled up to `at`. A full bucket's refill clock starts at `at` (time spent full earns
 * nothing), so a missing bucket and a full one are the same; a clock that stepped backwards refills
 * nothing and restarts the interval from `at` (RELIABILITY L77).
 */
function refilled(bucket: Bucket | undefined, rule: LimitRule, at: number): Bucket {
  if (!bucket) return { count: rule.capacity, refilledAt: at };
  const tokens = Math.floor(Math.max(0, at - bucket.refilledAt) / rule.refillMs);
  const count = Math.min(rule.capacity, bucket.count + tokens);
  if (count >= rule.capacity) return { count, refilledAt: at };
  return { count, refilledAt: Math.min(bucket.refilledAt + tokens * rule.refillMs, at) };
}

/** The in-memory store: synchronous inside `take`, so atomic within this process. */
export function createMemoryLimitStore(now: () => number = Date.now): LimitStore {
  const buckets = new Map<string, Bucket & { rule: LimitRule }>();
  const id = (draw: Draw) => `${draw.name}\n${draw.key}`;

  // Full buckets are the same as missing ones: dropping them keeps the map bounded by recent activity.
  const sweep = setInterval(
    () => {
      const at = now();
      for (const [key, bucket] of buckets) {
        if (refilled(bucket, bucket.rule, at).count >= bucket.rule.capacity) buckets.delete(key);
      }
    },
    10 * 60 * 1000,
  );
  sweep.unref();

  return {
    async take(draws) {
      const at = now();
      const states = draws.map((draw) => ({ draw, bucket: refilled(buckets.get(id(draw)), draw.rule, at) }));
      let waitMs = 0;
      for (const { draw, bucket } of states) {
        if (bucket.count < 1) waitMs = Math.max(waitMs, bucket.refilledAt + draw.rule.refillMs - at);
      }
      // The refilled state is kept even when refused (it changes no token, but a clock that stepped
      // back must restart the interval once, not on every request); full buckets are dropped.
      const taken = waitMs > 0 ? 0 : 1;
      for (const { draw, bucket } of states) {
        const count = bucket.count - taken;
        if (count >= draw.rule.capacity) buckets.delete(id(draw));
        else buckets.set(id(draw), { count, refilledAt: bucket.refilledAt, rule: draw.rule });
      }
      return waitMs;
    },
  };
}
