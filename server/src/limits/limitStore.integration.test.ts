import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../logger.ts';
import { createRedisLink, type RedisLink } from '../scale/redisLink.ts';
import { eventually, freePort, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { createRedisLimitStore } from './limitStore.redis.ts';
import { createMemoryLimitStore, type Draw, type LimitStore } from './limitStore.ts';

/**
 * The action rate limits' store (issue 10 finding 8, RELIABILITY G50), written once and run against
 * both forms: this process's memory (embedded mode) and the real Redis of TEST_REDIS_URL (scaled
 * mode). Each test drives the clock itself.
 */

const logged: string[] = [];
/** Anything the Redis store logs means it fell back to memory, and the test would not be testing Redis. */
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

async function connect(url: string, prefix: string, ready = true) {
  const link = createRedisLink({ url, prefix, logger: createLogger('silent') });
  links.push(link);
  if (ready) await eventually(() => link.commands.status === 'ready', 'redis connected', 5000);
  return link;
}

type Make = (now: () => number) => Promise<LimitStore>;
const stores: [string, Make][] = [
  ['in memory', async (now) => createMemoryLimitStore(now)],
  [
    'in Redis',
    async (now) => createRedisLimitStore(await connect(TEST_REDIS_URL, uniqueRedisPrefix()), recordingLogger, { now }),
  ],
];

const account = (key: string): Draw => ({ name: 'test:account', key, rule: { capacity: 3, refillMs: 1000 } });
const organisation = (key: string): Draw => ({ name: 'test:organisation', key, rule: { capacity: 5, refillMs: 500 } });

describe.each(stores)('action rate limits %s', (_name, make) => {
  let t = 0;
  let store: LimitStore;
  beforeEach(async () => {
    t = 1_750_000_000_000;
    logged.length = 0;
    store = await make(() => t);
  });
  afterEach(() => {
    expect(logged).toEqual([]);
  });

  const takeTimes = async (draws: Draw[], n: number) => {
    const results: number[] = [];
    for (let i = 0; i < n; i++) results.push(await store.take(draws));
    return results;
  };

  it('a full bucket gives `capacity` actions, then refuses with the wait until its next token', async () => {
    expect(await takeTimes([account('a')], 4)).toEqual([0, 0, 0, 1000]);
    t += 400;
    expect(await store.take([account('a')])).toBe(600);
    t += 600;
    expect(await takeTimes([account('a')], 2)).toEqual([0, 1000]);
    // Each key and each kind of bucket is its own.
    expect(await takeTimes([account('b')], 3)).toEqual([0, 0, 0]);
    expect(await store.take([{ ...account('a'), name: 'other:account' }])).toBe(0);
  });

  it('refills one token per interval, never beyond capacity', async () => {
    await takeTimes([account('a')], 3);
    t += 2500;
    expect(await takeTimes([account('a')], 3)).toEqual([0, 0, 500]);
    t += 60_000;
    expect(await takeTimes([account('a')], 4)).toEqual([0, 0, 0, 1000]);
  });

  it('takes from every bucket or from none: a refusal by one spends nothing from the others', async () => {
    const both = [account('a'), organisation('org')];
    expect(await takeTimes(both, 3)).toEqual([0, 0, 0]);
    // The account is empty: refused, and the organisation keeps its two tokens.
    expect(await store.take(both)).toBe(1000);
    expect(await takeTimes([account('b'), organisation('org')], 3)).toEqual([0, 0, 500]);
    // The wait is the longest of the empty buckets'.
    expect(await store.take([account('b'), organisation('org')])).toBe(500);
    expect(await store.take([account('a'), organisation('org')])).toBe(1000);
  });

  it('of 20 concurrent takes from a bucket of 3, exactly 3 succeed', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => store.take([account('burst')])));
    expect(results.filter((wait) => wait === 0)).toHaveLength(3);
    expect(results.filter((wait) => wait === 1000)).toHaveLength(17);
  });

  it('a clock that stepped backwards refills nothing and never waits longer than one interval (RELIABILITY L77)', async () => {
    await takeTimes([account('a')], 3);
    t -= 10 * 60 * 1000;
    expect(await takeTimes([account('a')], 2)).toEqual([1000, 1000]);
    t += 1000;
    expect(await takeTimes([account('a')], 2)).toEqual([0, 1000]);
  });
});

describe('action rate limits in Redis, beyond the shared behaviour', () => {
  const inspector = new Redis(TEST_REDIS_URL);
  afterAll(() => inspector.quit());

  it('keeps hashed keys under REDIS_PREFIX that expire when the bucket would be full again', async () => {
    const prefix = uniqueRedisPrefix();
    const store = createRedisLimitStore(await connect(TEST_REDIS_URL, prefix), createLogger('silent'));
    const draw: Draw = { name: 'email:recipient', key: 'someone@example.nhs.uk', rule: { capacity: 3, refillMs: 300 } };
    expect(await store.take([draw, { ...draw, name: 'email:sender' }])).toBe(0);
    const keys = (await inspector.keys(`${prefix}*`)).sort();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}limit:email:recipient:[A-Za-z0-9_-]{43}$`));
    expect(keys.join(' ')).not.toContain('someone');
    const ttl = await inspector.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await eventually(async () => (await inspector.exists(...keys)) === 0, 'bucket keys expired', 2000);
  });

  it('two processes share one bucket: N processes allow what one does', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([connect(TEST_REDIS_URL, prefix), connect(TEST_REDIS_URL, prefix)]);
    const silent = createLogger('silent');
    const onA = createRedisLimitStore(a, silent);
    const onB = createRedisLimitStore(b, silent);
    const draw: Draw = { name: 'entry:account', key: 'u1', rule: { capacity: 20, refillMs: 60_000 } };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? onA : onB).take([draw])));
    expect(results.filter((wait) => wait === 0)).toHaveLength(20);
  });

  it('Redis unreachable: limits from this process’s memory at once, with one warning', async () => {
    const link = await connect(`redis://127.0.0.1:${await freePort()}`, uniqueRedisPrefix(), false);
    const lines: string[] = [];
    const logger: Logger = { ...createLogger('silent'), warn: (message) => lines.push(message) };
    const store = createRedisLimitStore(link, logger, { retryMs: 0 });
    const started = performance.now();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await store.take([account('a')]));
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(200);
    expect(lines).toEqual(["redis unreachable; action rate limits are this process's own until it returns"]);
  });
});
