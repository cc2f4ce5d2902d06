import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../logger.ts';
import { createRedisLink, type RedisLink } from '../scale/redisLink.ts';
import { createRedisThrottleStore } from '../scale/redisThrottleStore.ts';
import { eventually, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import {
  createMemoryThrottleStore,
  THROTTLE_TIMEOUT_SECONDS,
  type ThrottleLimits,
  type ThrottleStore,
} from './throttleStore.ts';

/**
 * The behaviour of the sign-in throttle (RELIABILITY D31), written once and run against
 * both stores: this process's memory (embedded mode) and Redis (scaled mode, the real
 * Redis of TEST_REDIS_URL). Each test drives the clock itself.
 */

const LIMITS: ThrottleLimits = { bucketSize: 3, refillMs: 1000, forgetMs: 60 * 60 * 1000 };

/** Anything the Redis store logs means it fell back to memory, and the test would not be testing Redis. */
const logged: string[] = [];
const recordingLogger: Logger = {
  debug: () => {},
  info: (message) => logged.push(message),
  warn: (message) => logged.push(message),
  error: (message) => logged.push(message),
};

const links: RedisLink[] = [];
afterAll(async () => {
  await Promise.all(links.map((link) => link.close()));
});

type Make = (now: () => number) => Promise<ThrottleStore>;

const stores: [string, Make][] = [
  ['in memory', async (now) => createMemoryThrottleStore(LIMITS, now)],
  [
    'in Redis',
    async (now) => {
      const link = createRedisLink({
        url: TEST_REDIS_URL,
        prefix: uniqueRedisPrefix(),
        logger: createLogger('silent'),
      });
      links.push(link);
      await eventually(() => link.commands.status === 'ready', 'redis connected', 5000);
      return createRedisThrottleStore(link, recordingLogger, { limits: LIMITS, now });
    },
  ],
];

describe.each(stores)('sign-in throttle %s', (_name, make) => {
  let t = 0;
  const now = () => t;
  let store: ThrottleStore;

  beforeEach(async () => {
    t = 1_750_000_000_000;
    logged.length = 0;
    store = await make(now);
  });
  afterEach(() => {
    expect(logged).toEqual([]);
  });

  const consumeTimes = async (key: string, n: number) => {
    const results: boolean[] = [];
    for (let i = 0; i < n; i++) results.push(await store.consume(key));
    return results;
  };

  it('a full bucket gives bucketSize attempts, then refuses; each key has its own bucket', async () => {
    expect(await consumeTimes('198.51.100.1', 4)).toEqual([true, true, true, false]);
    expect(await consumeTimes('198.51.100.2', 4)).toEqual([true, true, true, false]);
  });

  it('gives one token back per refill interval, never more than a full bucket', async () => {
    await consumeTimes('ip', 3);
    t += 999;
    expect(await store.consume('ip')).toBe(false);
    t += 1;
    expect(await consumeTimes('ip', 2)).toEqual([true, false]);
    t += 2500; // two tokens back; the half interval still counts towards the next one
    expect(await consumeTimes('ip', 3)).toEqual([true, true, false]);
    t += 500;
    expect(await consumeTimes('ip', 2)).toEqual([true, false]);
    t += 60_000; // a long wait fills the bucket, no further
    expect(await consumeTimes('ip', 4)).toEqual([true, true, true, false]);
  });

  it('takes `cost` tokens at once, and a refused consume takes none', async () => {
    expect(await store.consume('ip', 2)).toBe(true);
    expect(await store.consume('ip', 2)).toBe(false);
    expect(await store.consume('ip', 1)).toBe(true);
    expect(await store.consume('ip', 1)).toBe(false);
    expect(await store.consume('other', LIMITS.bucketSize + 1)).toBe(false);
    expect(await consumeTimes('other', 4)).toEqual([true, true, true, false]);
  });

  it('a clock that stepped backwards refills nothing and never goes negative (RELIABILITY L77)', async () => {
    await consumeTimes('ip', 3);
    t -= 10 * 60 * 1000;
    expect(await consumeTimes('ip', 2)).toEqual([false, false]);
    // Refilling resumes from the earlier time, one token per interval.
    t += 1000;
    expect(await consumeTimes('ip', 2)).toEqual([true, false]);
  });

  const claimTimes = async (key: string, n: number) => {
    const results: number[] = [];
    for (let i = 0; i < n; i++) results.push(await store.claimAttempt(key));
    return results;
  };

  it('lets an account try at once, counting the attempt, then makes it wait 1 s, counting down', async () => {
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(1);
    expect(await store.claimAttempt('b@example.nhs.uk')).toBe(0);
    t += 400;
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(1);
    t += 600;
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(2);
  });

  it('escalates the wait with each further attempt, up to 300 s; a refused claim counts nothing', async () => {
    const waits: number[] = [];
    for (let i = 0; i < THROTTLE_TIMEOUT_SECONDS.length + 1; i++) {
      expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
      const wait = await store.claimAttempt('a@example.nhs.uk');
      waits.push(wait);
      t += wait * 1000;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 60, 180, 300, 300, 300]);
    // Refused claims while locked out neither escalate nor restart the wait.
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    t += 1000;
    expect(await claimTimes('a@example.nhs.uk', 5)).toEqual([299, 299, 299, 299, 299]);
    t += 299_000;
    expect(await claimTimes('a@example.nhs.uk', 2)).toEqual([0, 300]);
  });

  it('of 20 concurrent claims on one account exactly one proceeds', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claimAttempt('a@example.nhs.uk')));
    expect(results.filter((wait) => wait === 0)).toHaveLength(1);
    expect(results.filter((wait) => wait === 1)).toHaveLength(19);
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(1);
  });

  it('a success resets the account, and only that account', async () => {
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    t += 1000;
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    expect(await store.claimAttempt('b@example.nhs.uk')).toBe(0);
    await store.reset('a@example.nhs.uk');
    expect(await claimTimes('a@example.nhs.uk', 2)).toEqual([0, 1]);
    expect(await store.claimAttempt('b@example.nhs.uk')).toBe(1);
  });

  it('a clock that stepped backwards does not shorten a wait', async () => {
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    t += 1000;
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    t -= 10 * 60 * 1000;
    expect(await claimTimes('a@example.nhs.uk', 2)).toEqual([2, 2]);
  });

  it('forgets the level forgetMs after the last claimed attempt, not before', async () => {
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    t += 1000;
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    t += LIMITS.forgetMs - 1;
    expect(await claimTimes('a@example.nhs.uk', 2)).toEqual([0, 4]);
    t += LIMITS.forgetMs;
    expect(await claimTimes('a@example.nhs.uk', 2)).toEqual([0, 1]);
  });

  it('keeps the per-IP buckets and the per-account lock-outs apart', async () => {
    expect(await store.claimAttempt('same-key')).toBe(0);
    expect(await consumeTimes('same-key', 4)).toEqual([true, true, true, false]);
    expect(await store.claimAttempt('same-key')).toBe(1);
    await store.reset('same-key');
    expect(await store.consume('same-key')).toBe(false);
    expect(await store.claimAttempt('same-key')).toBe(0);
  });
});
