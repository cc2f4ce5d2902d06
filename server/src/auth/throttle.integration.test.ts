import { ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_IP_BUCKET_SIZE, LOGIN_IP_REFILL_MS } from '../config.ts';
import { api, signUpUser } from '../test/factories.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Brute force on sign-in (RELIABILITY D31): an escalating lock-out per (IP, account) pair and a
 * per-IP bucket. The lock-out used to be per account, which let anyone lock an owner out with three
 * wrong passwords from anywhere (issue 10 finding 14); these tests' `login` comes from 127.0.0.1, so
 * the lock-outs they see are that address's.
 */

describe('brute force on sign-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const login = (email: string, password: string) => api(server, null, 'POST', '/api/auth/login', { email, password });
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it('throttles an account from one IP after a failure: 429 with Retry-After, even for the right password, until the wait is over', async () => {
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

  it('lets one of 10 concurrent attempts on an account from one IP reach the password check, known or not', async () => {
    const user = await signUpUser(server);
    // All from one loopback address (its bucket holds more than 10). This used to be 10 addresses,
    // one attempt each, when the lock-out was per account; per (IP, account) pair it is one address.
    const burst = (email: string, host: number) =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          rawRequest(server, {
            method: 'POST',
            path: '/api/auth/login',
            localAddress: `127.0.0.${host}`,
            headers: { origin: server.origin, 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'a wrong password!' }),
          }),
        ),
      );
    for (const [email, host] of [
      [user.email, 21],
      [`nobody-${Date.now()}@example.nhs.uk`, 31],
    ] as const) {
      const responses = await burst(email, host);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([401, ...Array(9).fill(429)]);
      for (const refused of responses.filter((response) => response.status === 429)) {
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect((refused.json() as { error: { code: string } }).error.code).toBe(ErrorCode.tooManyRequests);
      }
    }
  });

  it('I10-14: an attacker’s wrong passwords from one IP do not stop the owner signing in from another', async () => {
    const owner = await signUpUser(server);
    const attempt = (localAddress: string, password: string) =>
      rawRequest(server, {
        method: 'POST',
        path: '/api/auth/login',
        localAddress,
        headers: { origin: server.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ email: owner.email, password }),
      });
    // The attacker on 127.0.0.51 tries, and is locked out with escalating waits (1 s, then 2 s).
    expect((await attempt('127.0.0.51', 'wrong guess 1!')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await attempt('127.0.0.51', 'wrong guess 2!')).status).toBe(401);
    expect((await attempt('127.0.0.51', 'wrong guess 3!')).status).toBe(429);
    // The owner on 127.0.0.52 signs in at once, with a session.
    const owners = await attempt('127.0.0.52', owner.password);
    expect(owners.status).toBe(200);
    expect(owners.headers['set-cookie']?.[0]).toMatch(/session=/);
    // The owner's success clears only their own pair: the attacker's address is still waiting.
    expect((await attempt('127.0.0.51', 'wrong guess 4!')).status).toBe(429);
  });

  it('I10-14: 10 attempts on one account from 10 IPs all reach the password check (no account-wide lock-out)', async () => {
    const owner = await signUpUser(server);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        rawRequest(server, {
          method: 'POST',
          path: '/api/auth/login',
          localAddress: `127.0.0.${61 + n}`,
          headers: { origin: server.origin, 'content-type': 'application/json' },
          body: JSON.stringify({ email: owner.email, password: 'a wrong password!' }),
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(401));
    expect((await login(owner.email, owner.password)).status).toBe(200);
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
