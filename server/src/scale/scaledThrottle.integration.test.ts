import { ErrorCode } from '@jointly/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_IP_BUCKET_SIZE, LOGIN_IP_REFILL_MS, LOGIN_THROTTLE_REDIS_TIMEOUT_MS } from '../config.ts';
import { api, signUpUser } from '../test/factories.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { createTestSchema, freePort, startRedisServer, TEST_REDIS_URL, uniqueRedisPrefix } from './testing.ts';

/**
 * Sign-in brute-force limits in scaled mode (RELIABILITY D31): two server processes (here two
 * in-process servers, each with its own Redis connections) on one PostgreSQL schema and one
 * Redis prefix share one lock-out per (IP, account) pair and one per-IP bucket.
 */
describe('scaled mode: sign-in limits shared between processes', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  const prefix = uniqueRedisPrefix();
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await schema?.drop();
  });

  const login = (server: TestServer, email: string, password: string) =>
    api(server, null, 'POST', '/api/auth/login', { email, password });

  it('failures on process A lock the account (from that IP) on process B, and a success on B clears it for A', async () => {
    const user = await signUpUser(a);
    expect((await login(a, user.email, 'a wrong password!')).status).toBe(401);

    const onB = await login(b, user.email, user.password);
    expect(onB.status).toBe(429);
    expect(onB.headers.get('set-cookie')).toBeNull();
    expect(Number(onB.headers.get('retry-after'))).toBe(1);
    expect(((await onB.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.tooManyRequests);
    expect((await login(a, user.email, user.password)).status).toBe(429);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login(b, user.email, user.password)).status).toBe(200);
    // Reset on B: a failure on A starts again at 1 s, and B sees it.
    expect((await login(a, user.email, 'a wrong password!')).status).toBe(401);
    expect((await login(b, user.email, user.password)).headers.get('retry-after')).toBe('1');
  });

  it('of 10 concurrent attempts on one account from one IP across both processes, one reaches the password check', async () => {
    const user = await signUpUser(a);
    // One address: the lock-out is per (IP, account) pair (issue 10 finding 14), so this used to be
    // ten addresses when it was per account.
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) => {
        const server = n % 2 === 0 ? a : b;
        return rawRequest(server, {
          method: 'POST',
          path: '/api/auth/login',
          localAddress: '127.0.0.41',
          headers: { origin: server.origin, 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: 'a wrong password!' }),
        });
      }),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([401, ...Array(9).fill(429)]);
  });

  it(`one IP gets ${LOGIN_IP_BUCKET_SIZE} attempts across both processes, not ${LOGIN_IP_BUCKET_SIZE} on each`, async () => {
    const attacker = '127.0.0.9';
    const attempt = (server: TestServer, n: number, localAddress = attacker) =>
      rawRequest(server, {
        method: 'POST',
        path: '/api/auth/login',
        localAddress,
        headers: { origin: server.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ email: `spray-${n}-${Date.now()}@example.nhs.uk`, password: 'Winter2025!!' }),
      });
    const statuses = await Promise.all(
      Array.from({ length: LOGIN_IP_BUCKET_SIZE }, (_, n) => attempt(n % 2 === 0 ? a : b, n)),
    );
    expect(statuses.map((response) => response.status)).toEqual(Array(LOGIN_IP_BUCKET_SIZE).fill(401));
    for (const server of [a, b]) {
      const refused = await attempt(server, LOGIN_IP_BUCKET_SIZE);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe(String(LOGIN_IP_REFILL_MS / 1000));
    }
    expect((await attempt(b, 0, '127.0.0.10')).status).toBe(401);
  });
});

describe('scaled mode: sign-in while Redis does not answer', () => {
  it('answers within the Redis timeout from the process’s own limits, instead of hanging', async () => {
    const schema = await createTestSchema();
    const redis = await startRedisServer(await freePort());
    let server: TestServer | undefined;
    try {
      server = await startTestServer({
        DATABASE_URL: schema.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: uniqueRedisPrefix(),
      });
      const user = await signUpUser(server);
      redis.process.kill('SIGSTOP');
      const started = performance.now();
      expect((await login(server, user.email, 'a wrong password!')).status).toBe(401);
      expect(performance.now() - started).toBeLessThan(LOGIN_THROTTLE_REDIS_TIMEOUT_MS + 2000);
      // The lock-out went to this process's memory and still refuses, before any hashing.
      const throttled = await login(server, user.email, user.password);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('set-cookie')).toBeNull();
    } finally {
      await redis.stop(); // SIGKILL ends a stopped process too
      await server?.close();
      await schema.drop();
    }
  });

  const login = (server: TestServer, email: string, password: string) =>
    api(server, null, 'POST', '/api/auth/login', { email, password });
});
