import { ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_IP_BUCKET_SIZE, LOGIN_IP_REFILL_MS } from '../config.ts';
import { api, signUpUser } from '../test/factories.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/** Brute force on sign-in (RELIABILITY D31): a per-account throttle and a per-IP bucket. */

describe('brute force on sign-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const login = (email: string, password: string) => api(server, null, 'POST', '/api/auth/login', { email, password });
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it('throttles an account after a failure: 429 with Retry-After, even for the right password, until the wait is over', async () => {
    const user = await signUpUser(server);
    expect((await login(user.email, 'a wrong password!')).status).toBe(401);

    const again = await login(user.email.toUpperCase(), 'another wrong one');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await codeOf(again)).toBe(ErrorCode.tooManyRequests);

    const right = await login(user.email, user.password);
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    const retryAfterSeconds = Number(right.headers.get('retry-after'));
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(2);

    await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000 + 100));
    const after = await login(user.email, user.password);
    expect(after.status).toBe(200);
  });

  it('escalates the wait with each further failure', async () => {
    const user = await signUpUser(server);
    expect((await login(user.email, 'a wrong password!')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login(user.email, 'a wrong password!')).status).toBe(401);
    const throttled = await login(user.email, user.password);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
  });

  it('throttles an unknown email the same way, so the throttle does not reveal which accounts exist', async () => {
    const email = `nobody-${Date.now()}@example.nhs.uk`;
    expect((await login(email, 'a wrong password!')).status).toBe(401);
    const again = await login(email, 'a wrong password!');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('lets one of 10 concurrent attempts on an account from different IPs reach the password check, known or not', async () => {
    const user = await signUpUser(server);
    // Each attempt from its own loopback address, so no per-IP bucket refuses any.
    const burst = (email: string, firstHost: number) =>
      Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          rawRequest(server, {
            method: 'POST',
            path: '/api/auth/login',
            localAddress: `127.0.0.${firstHost + n}`,
            headers: { origin: server.origin, 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'a wrong password!' }),
          }),
        ),
      );
    for (const [email, firstHost] of [
      [user.email, 21],
      [`nobody-${Date.now()}@example.nhs.uk`, 31],
    ] as const) {
      const responses = await burst(email, firstHost);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([401, ...Array(9).fill(429)]);
      for (const refused of responses.filter((response) => response.status === 429)) {
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect((refused.json() as { error: { code: string } }).error.code).toBe(ErrorCode.tooManyRequests);
      }
    }
  });

  it('answers a throttled attempt without hashing (faster than a checked one)', async () => {
    const user = await signUpUser(server);
    const timed = async (password: string) => {
      const started = performance.now();
      const response = await login(user.email, password);
      return { status: response.status, ms: performance.now() - started };
    };
    const checked = await timed('a wrong password!');
    expect(checked.status).toBe(401);
    const throttled = [await timed('x'.repeat(256)), await timed('x'.repeat(256)), await timed('x'.repeat(256))];
    for (const attempt of throttled) expect(attempt.status).toBe(429);
    const fastest = Math.min(...throttled.map((attempt) => attempt.ms));
    expect(fastest).toBeLessThan(checked.ms);
  });

  it(`refuses attempt ${LOGIN_IP_BUCKET_SIZE + 1} from one IP with 429, and other IPs carry on`, async () => {
    // A fresh loopback address gets its own bucket; every attempt uses a new email,
    // so only the per-IP bucket can refuse.
    const attacker = '127.0.0.7';
    const attempt = (n: number, localAddress: string) =>
      rawRequest(server, {
        method: 'POST',
        path: '/api/auth/login',
        localAddress,
        headers: { origin: server.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ email: `spray-${n}-${Date.now()}@example.nhs.uk`, password: 'Winter2025!!' }),
      });
    const statuses = await Promise.all(Array.from({ length: LOGIN_IP_BUCKET_SIZE }, (_, n) => attempt(n, attacker)));
    expect(statuses.map((response) => response.status)).toEqual(Array(LOGIN_IP_BUCKET_SIZE).fill(401));

    const refused = await attempt(LOGIN_IP_BUCKET_SIZE, attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(LOGIN_IP_REFILL_MS / 1000));
    expect((refused.json() as { error: { code: string } }).error.code).toBe(ErrorCode.tooManyRequests);

    // Sign-up from the same IP draws on the same bucket.
    const signup = await rawRequest(server, {
      method: 'POST',
      path: '/api/auth/signup',
      localAddress: attacker,
      headers: { origin: server.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(signup.status).toBe(429);

    const elsewhere = await attempt(0, '127.0.0.8');
    expect(elsewhere.status).toBe(401);
  });
});
