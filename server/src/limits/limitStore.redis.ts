import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ACTION_LIMIT_REDIS_RETRY_MS, ACTION_LIMIT_REDIS_TIMEOUT_MS } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RedisLink } from '../scale/redisLink.ts';
import { createMemoryLimitStore, type LimitStore } from './limitStore.ts';

/**
 * The action rate limits of scaled mode (limits/limitStore.ts): the same token buckets, kept in Redis
 * so N processes allow what one does. One Lua script checks every bucket of a request and takes a
 * token from each or from none, so two processes can never both take a bucket's last token, and a
 * request refused by one bucket spends nothing from the others. Time is Redis's clock (`TIME`), one
 * clock for every process.
 *
 * Keys: `<prefix>limit:<name>:<sha256 of the key>`, a hash {count, refilledAt} expiring when the
 * bucket would be full again (a missing bucket is a full one). Account and organisation ids and email
 * addresses are hashed, so no address is in Redis in clear.
 *
 * Redis unreachable or slow: the request is limited by this process's own in-memory buckets instead
 * (with one warning), and Redis is tried again after ACTION_LIMIT_REDIS_RETRY_MS, as the sign-in
 * throttle does (scale/redisThrottleStore.ts): at worst N× the limits across N processes while Redis
 * is down, rather than nobody being able to write a comment because Redis is.
 */
export function createRedisLimitStore(
  link: Pick<RedisLink, 'prefix' | 'commands'>,
  logger: Logger,
  options: { now?: () => number; timeoutMs?: number; retryMs?: number } = {},
): LimitStore {
  const timeoutMs = options.timeoutMs ?? ACTION_LIMIT_REDIS_TIMEOUT_MS;
  const retryMs = options.retryMs ?? ACTION_LIMIT_REDIS_RETRY_MS;
  const redis = defineScript(link.commands);
  const local = createMemoryLimitStore(options.now);
  const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');

  let skipRedisUntil = 0;
  let degraded = false;

  return {
    async take(draws) {
      if (draws.length === 0) return 0;
      if (Date.now() < skipRedisUntil) return local.take(draws);
      try {
        if (link.commands.status !== 'ready') throw new Error(`redis connection is ${link.commands.status}`);
        const keys = draws.map((draw) => `${link.prefix}limit:${draw.name}:${hashed(draw.key)}`);
        const args = [
          options.now ? String(options.now()) : '',
          ...draws.flatMap((d) => [d.rule.capacity, d.rule.refillMs]),
        ];
        const waitMs = await withTimeout(redis.jointlyLimitTake(keys.length, ...keys, ...args), timeoutMs);
        if (degraded) {
          degraded = false;
          logger.info('redis answers again; action rate limits are shared between processes again');
        }
        return Number(waitMs);
      } catch (err) {
        skipRedisUntil = Date.now() + retryMs;
        if (!degraded) {
          degraded = true;
          logger.warn("redis unreachable; action rate limits are this process's own until it returns", {
            err: (err as Error).message,
          });
        }
        return local.take(draws);
      }
    },
  };
}

/**
 * KEYS: the buckets; ARGV[1] now (empty: Redis's clock), then capacity and refillMs per key.
 * Returns 0 having taken a token from every bucket, else the ms until all have one, taking nothing
 * (but keeping each bucket's refilled state, and dropping full ones).
 * The arithmetic of limitStore.ts's `refilled` and `take`: change both together.
 */
const TAKE = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local counts, stamps = {}, {}
local wait = 0
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local refill = tonumber(ARGV[2 * i + 1])
  local count = capacity
  local at = now
  local state = redis.call('HMGET', KEYS[i], 'count', 'refilledAt')
  if state[1] then
    count = tonumber(state[1])
    at = tonumber(state[2])
    local tokens = math.floor(math.max(0, now - at) / refill)
    count = math.min(capacity, count + tokens)
    if count >= capacity then
      at = now
    else
      at = math.min(at + tokens * refill, now)
    end
  end
  counts[i] = count
  stamps[i] = at
  if count < 1 then wait = math.max(wait, at + refill - now) end
end
local taken = 1
if wait > 0 then taken = 0 end
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local refill = tonumber(ARGV[2 * i + 1])
  local count = counts[i] - taken
  if count >= capacity then
    redis.call('DEL', KEYS[i])
  else
    redis.call('HSET', KEYS[i], 'count', count, 'refilledAt', stamps[i])
    redis.call('PEXPIRE', KEYS[i], math.max(1, stamps[i] + (capacity - count) * refill - now))
  end
end
return wait
`;

type LimitScript = {
  jointlyLimitTake(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<number>;
};

/** Registers the script on the connection (EVALSHA, falling back to EVAL once per connection). */
function defineScript(redis: Redis): Redis & LimitScript {
  redis.defineCommand('jointlyLimitTake', { lua: TAKE });
  return redis as Redis & LimitScript;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
