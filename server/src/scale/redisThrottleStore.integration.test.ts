import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ThrottleLimits } from '../auth/throttleStore.ts';
import { createLogger, type Logger } from '../logger.ts';
import { createRedisLink, type RedisLink } from './redisLink.ts';
import { createRedisThrottleStore } from './redisThrottleStore.ts';
import { eventually, freePort, startRedisServer, TEST_REDIS_URL, uniqueRedisPrefix } from './testing.ts';

/**
 * The sign-in throttle in Redis (RELIABILITY D31) beyond the behaviour it shares with the
 * in-memory one (auth/throttleStore.integration.test.ts): keys and TTLs, several processes
 * at once, and Redis unreachable or not answering.
 */
describe('sign-in throttle in Redis', () => {
  const silent = createLogger('silent');
  const links: RedisLink[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const inspector = new Redis(TEST_REDIS_URL);

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await Promise.all(links.splice(0).map((link) => link.close()));
  });
  afterAll(() => inspector.quit());

  /** A process's connection: one RedisLink each, as every server process has. */
  async function connect(url: string, prefix: string, ready = true) {
    const link = createRedisLink({ url, prefix, logger: silent });
    links.push(link);
    if (ready) await eventually(() => link.commands.status === 'ready', 'redis connected', 5000);
    return link;
  }

  function recorder() {
    const lines: { level: string; message: string }[] = [];
    const logger: Logger = {
      debug: () => {},
      info: (message) => lines.push({ level: 'info', message }),
      warn: (message) => lines.push({ level: 'warn', message }),
      error: (message) => lines.push({ level: 'error', message }),
    };
    return { lines, logger };
  }

  it('keeps its state under REDIS_PREFIX, hashed, with TTLs, so nothing outlives the limits', async () => {
    const prefix = uniqueRedisPrefix();
    const limits: ThrottleLimits = { bucketSize: 3, refillMs: 300, forgetMs: 600 };
    const store = createRedisThrottleStore(await connect(TEST_REDIS_URL, prefix), silent, { limits });
    expect(await store.consume('203.0.113.9')).toBe(true);
    expect(await store.claimAttempt('someone@example.nhs.uk')).toBe(0);

    const keys = (await inspector.keys(`${prefix}*`)).sort();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}signin:account:[A-Za-z0-9_-]{43}$`));
    expect(keys[1]).toMatch(new RegExp(`^${prefix}signin:ip:[A-Za-z0-9_-]{43}$`));
    // The bucket lives until it would be full again (one token short: one interval), the lock-out until forgotten.
    const [accountTtl, bucketTtl] = await Promise.all(keys.map((key) => inspector.pttl(key)));
    expect(bucketTtl).toBeGreaterThan(0);
    expect(bucketTtl).toBeLessThanOrEqual(300);
    expect(accountTtl).toBeGreaterThan(300);
    expect(accountTtl).toBeLessThanOrEqual(600);
    await eventually(async () => (await inspector.exists(keys[1]!)) === 0, 'bucket key expired', 2000);
    await eventually(async () => (await inspector.exists(keys[0]!)) === 0, 'account key expired', 2000);
    expect(await store.claimAttempt('someone@example.nhs.uk')).toBe(0);
  });

  it('two processes consuming one bucket at once never take more tokens than it holds', async () => {
    const prefix = uniqueRedisPrefix();
    const limits: ThrottleLimits = { bucketSize: 30, refillMs: 60_000, forgetMs: 60_000 };
    const [a, b] = await Promise.all([connect(TEST_REDIS_URL, prefix), connect(TEST_REDIS_URL, prefix)]);
    const onA = createRedisThrottleStore(a, silent, { limits });
    const onB = createRedisThrottleStore(b, silent, { limits });
    for (let round = 0; round < 5; round++) {
      const ip = `192.0.2.${round}`;
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? onA : onB).consume(ip, (i % 3) + 1)),
      );
      const taken = results.reduce((sum, ok, i) => sum + (ok ? (i % 3) + 1 : 0), 0);
      expect(taken).toBeLessThanOrEqual(30);
      expect(taken).toBeGreaterThanOrEqual(28); // only a request asking for more than is left is refused
      expect(await onA.consume(ip)).toBe(30 - taken >= 1);
    }
  });

  it('an attempt claimed by one process locks the account on the other; a success on either clears it', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([connect(TEST_REDIS_URL, prefix), connect(TEST_REDIS_URL, prefix)]);
    const onA = createRedisThrottleStore(a, silent);
    const onB = createRedisThrottleStore(b, silent);
    expect(await onA.claimAttempt('clinician@example.nhs.uk')).toBe(0);
    expect(await onB.claimAttempt('clinician@example.nhs.uk')).toBe(1);
    expect(await onA.claimAttempt('clinician@example.nhs.uk')).toBe(1);
    await onB.reset('clinician@example.nhs.uk');
    expect(await onA.claimAttempt('clinician@example.nhs.uk')).toBe(0);
  });

  it('two processes claiming one account at once: exactly one attempt proceeds', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([connect(TEST_REDIS_URL, prefix), connect(TEST_REDIS_URL, prefix)]);
    const onA = createRedisThrottleStore(a, silent);
    const onB = createRedisThrottleStore(b, silent);
    for (let round = 0; round < 5; round++) {
      const email = `burst-${round}@example.nhs.uk`;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? onA : onB).claimAttempt(email)),
      );
      expect(results.filter((wait) => wait === 0)).toHaveLength(1);
      expect(results.filter((wait) => wait > 0)).toEqual(Array(39).fill(1));
    }
  });

  it('Redis unreachable: answers at once from this process’s own limits, with one warning', async () => {
    const link = await connect(`redis://127.0.0.1:${await freePort()}`, uniqueRedisPrefix(), false);
    const { lines, logger } = recorder();
    const limits: ThrottleLimits = { bucketSize: 3, refillMs: 60_000, forgetMs: 60_000 };
    const store = createRedisThrottleStore(link, logger, { limits, retryMs: 0 });
    const started = performance.now();
    expect([await store.consume('ip'), await store.consume('ip'), await store.consume('ip')]).toEqual([
      true,
      true,
      true,
    ]);
    expect(await store.consume('ip')).toBe(false);
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(1);
    await store.reset('a@example.nhs.uk');
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    expect(performance.now() - started).toBeLessThan(200);
    expect(lines).toEqual([
      { level: 'warn', message: "redis unreachable; sign-in limits are this process's own until it returns" },
    ]);
  });

  it('Redis not answering: gives up after timeoutMs, uses this process’s limits, and shares them again once it answers', async () => {
    const redis = await startRedisServer(await freePort());
    cleanups.push(() => redis.stop());
    const prefix = uniqueRedisPrefix();
    const link = await connect(redis.url, prefix);
    const { lines, logger } = recorder();
    const store = createRedisThrottleStore(link, logger, { timeoutMs: 150, retryMs: 100 });
    redis.process.kill('SIGSTOP');
    cleanups.push(async () => {
      redis.process.kill('SIGCONT');
    });

    let started = performance.now();
    expect(await store.consume('ip')).toBe(true);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(400);
    // Within retryMs of the failure Redis is not asked: the claim goes to memory at once.
    started = performance.now();
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(0);
    expect(performance.now() - started).toBeLessThan(50);
    expect(lines.map((line) => line.level)).toEqual(['warn']);

    redis.process.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Redis answers again; the lock-out claimed in memory meanwhile still holds.
    expect(await store.claimAttempt('a@example.nhs.uk')).toBe(1);
    expect(await store.consume('ip')).toBe(true);
    expect(lines.map((line) => line.level)).toEqual(['warn', 'info']);
    const direct = new Redis(redis.url);
    try {
      expect(await direct.keys(`${prefix}signin:ip:*`)).toHaveLength(1);
      expect(await direct.keys(`${prefix}signin:account:*`)).toHaveLength(0);
    } finally {
      direct.disconnect();
    }
  });
});
