import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  createMemoryThrottleStore,
  SIGN_IN_LIMITS,
  THROTTLE_TIMEOUT_SECONDS,
  type ThrottleLimits,
  type ThrottleStore,
} from '../auth/throttleStore.ts';
import { LOGIN_THROTTLE_REDIS_RETRY_MS, LOGIN_THROTTLE_REDIS_TIMEOUT_MS } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RedisLink } from './redisLink.ts';

/**
 * The sign-in throttle of scaled mode (RELIABILITY D31): the same token bucket and
 * escalating lock-out as auth/throttleStore.ts, kept in Redis so every process shares one
 * limit. Each operation is one Lua script, so it is atomic: two processes consuming at
 * once can never both take the last token, and two processes claiming a sign-in attempt
 * for one account at once can never both get past its lock-out (the claim checks the wait
 * and counts the attempt in one step, before any password hashing). Time is Redis's clock
 * (`TIME`), one clock for every process, so skew between the processes' clocks cannot
 * refill a bucket early.
 *
 * Keys: `<prefix>signin:ip:<sha256>` (a hash {count, refilledAt}, expiring when the
 * bucket would be full again, since a missing bucket is a full one) and
 * `<prefix>signin:account:<sha256>` (a hash {level, updatedAt}: attempts claimed since the
 * last success and when the last one was, expiring when the level is forgotten; the key hashed
 * is the account as tried from one IP, see authRoutes.ts). IPs and email addresses are hashed, so none is in Redis in clear
 * (an unsalted hash: pseudonymised, not anonymous).
 *
 * Redis unreachable or not answering within LOGIN_THROTTLE_REDIS_TIMEOUT_MS: the request
 * is throttled by this process's own in-memory limits instead (with a warning), and
 * Redis is tried again after LOGIN_THROTTLE_REDIS_RETRY_MS. We chose this over refusing
 * sign-in with 503 because it is the safer choice for this login form:
 * - attempts stay limited: at worst N× the limit across N processes (what each process
 *   enforced on its own before Redis held the limits), only while Redis is down, and
 *   throttled attempts are still refused before any password hashing;
 * - refusing would turn a Redis outage, or anyone able to slow Redis down, into nobody
 *   being able to sign in or sign up, while the rest of Jointly keeps serving through a
 *   Redis outage by design (README "Running scaled"); clinicians locked out of sign-in
 *   near a deadline is the worse failure, and it would hand attackers a lock-out lever;
 * - lock-outs claimed in memory during the outage still count once Redis answers again
 *   (an attempt must get past both), so an outage does not wipe them.
 * Nothing is lost either way: this state is only counters, and losing it resets limits.
 */
export function createRedisThrottleStore(
  link: Pick<RedisLink, 'prefix' | 'commands'>,
  logger: Logger,
  options: {
    limits?: ThrottleLimits;
    /** Tests pass a clock; otherwise Redis's own clock is used. */
    now?: () => number;
    timeoutMs?: number;
    retryMs?: number;
  } = {},
): ThrottleStore {
  const limits = options.limits ?? SIGN_IN_LIMITS;
  const timeoutMs = options.timeoutMs ?? LOGIN_THROTTLE_REDIS_TIMEOUT_MS;
  const retryMs = options.retryMs ?? LOGIN_THROTTLE_REDIS_RETRY_MS;
  const redis = defineScripts(link.commands);
  const local = createMemoryThrottleStore(limits, options.now);
  const clock = () => (options.now ? String(options.now()) : '');
  const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');
  const ipKey = (key: string) => `${link.prefix}signin:ip:${hashed(key)}`;
  const accountKey = (key: string) => `${link.prefix}signin:account:${hashed(key)}`;

  let skipRedisUntil = 0;
  let degraded = false;

  /** Runs `viaRedis`, or `viaMemory` when Redis is down, failing or slow. */
  async function either<T>(what: string, viaRedis: () => Promise<T>, viaMemory: () => Promise<T>): Promise<T> {
    if (Date.now() < skipRedisUntil) return viaMemory();
    try {
      if (link.commands.status !== 'ready') throw new Error(`redis connection is ${link.commands.status}`);
      const result = await withTimeout(viaRedis(), timeoutMs);
      if (degraded) {
        degraded = false;
        logger.info('redis answers again; sign-in limits are shared between processes again');
      }
      return result;
    } catch (err) {
      skipRedisUntil = Date.now() + retryMs;
      if (!degraded) {
        degraded = true;
        logger.warn("redis unreachable; sign-in limits are this process's own until it returns", {
          operation: what,
          err: (err as Error).message,
        });
      }
      return viaMemory();
    }
  }

  return {
    consume: (key, cost = 1) =>
      either(
        'consume',
        async () =>
          (await redis.jointlySigninConsume(ipKey(key), limits.bucketSize, limits.refillMs, cost, clock())) === 1,
        () => local.consume(key, cost),
      ),
    async claimAttempt(key) {
      // A lock-out claimed in this process's memory while Redis was down still holds.
      const held = await local.retryAfterSeconds(key);
      if (held > 0) return held;
      return either(
        'claimAttempt',
        () => redis.jointlySigninClaim(accountKey(key), limits.forgetMs, clock()),
        () => local.claimAttempt(key),
      );
    },
    async reset(key) {
      await local.reset(key);
      await either(
        'reset',
        async () => {
          await redis.del(accountKey(key));
        },
        async () => {},
      );
    },
  };
}

/** Milliseconds: ARGV `now` when given (tests), else Redis's clock. */
const CLOCK = `
local function clock(given)
  local now = tonumber(given)
  if now then return now end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * KEYS[1] bucket; ARGV max, refillMs, cost, now. Returns 1 when the tokens were taken.
 * The arithmetic of TokenBucket.consume (auth/throttleStore.ts), including its rule for a
 * clock that stepped backwards: change both together.
 */
const CONSUME = `${CLOCK}
local max = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = clock(ARGV[4])
local count = max
local refilledAt = now
local state = redis.call('HMGET', KEYS[1], 'count', 'refilledAt')
if state[1] then
  count = tonumber(state[1])
  refilledAt = tonumber(state[2])
  local n = math.floor(math.max(0, now - refilledAt) / refill)
  if n > 0 then
    count = math.min(max, count + n)
    refilledAt = refilledAt + n * refill
  elseif now < refilledAt then
    refilledAt = now
  end
end
local taken = 0
if count >= cost then
  count = count - cost
  taken = 1
end
local fullIn = refilledAt + (max - count) * refill - now
if fullIn > 0 then
  redis.call('HSET', KEYS[1], 'count', count, 'refilledAt', refilledAt)
  redis.call('PEXPIRE', KEYS[1], fullIn)
else
  redis.call('DEL', KEYS[1])
end
return taken
`;

const TIMEOUTS = `local timeouts = {${THROTTLE_TIMEOUT_SECONDS.join(', ')}}`;

/**
 * KEYS[1] account; ARGV forgetMs, now. Throttler.claim (auth/throttleStore.ts), including its
 * rule for a clock that stepped backwards: change both together. Returns 0 when the
 * attempt may proceed, having raised the level and stamped the time, else the seconds to
 * wait, changing nothing. One script, so a check and its claim cannot be split by another.
 */
const CLAIM = `${CLOCK}
${TIMEOUTS}
local forget = tonumber(ARGV[1])
local now = clock(ARGV[2])
local level = 0
local state = redis.call('HMGET', KEYS[1], 'level', 'updatedAt')
if state[1] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  if elapsed < forget then
    level = tonumber(state[1])
    local timeout = timeouts[level + 1] or 300
    local wait = math.ceil((timeout * 1000 - elapsed) / 1000)
    if wait > 0 then return wait end
  end
end
level = math.min(level + 1, #timeouts - 1)
redis.call('HSET', KEYS[1], 'level', level, 'updatedAt', now)
redis.call('PEXPIRE', KEYS[1], forget)
return 0
`;

type ThrottleScripts = {
  jointlySigninConsume(key: string, max: number, refillMs: number, cost: number, now: string): Promise<number>;
  jointlySigninClaim(key: string, forgetMs: number, now: string): Promise<number>;
};

/** Registers the scripts on the connection (EVALSHA, falling back to EVAL once per connection). */
function defineScripts(redis: Redis): Redis & ThrottleScripts {
  redis.defineCommand('jointlySigninConsume', { numberOfKeys: 1, lua: CONSUME });
  redis.defineCommand('jointlySigninClaim', { numberOfKeys: 1, lua: CLAIM });
  return redis as Redis & ThrottleScripts;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
