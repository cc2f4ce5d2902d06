import { getConnInfo } from '@hono/node-server/conninfo';
import { ErrorCode, loginBody, signupBody } from '@jointly/shared';
import { Hono } from 'hono';
import { type Config, LOGIN_IP_REFILL_MS } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';
import { readJson } from '../http/validate.ts';
import type { AccountService } from './accountService.ts';
import { requireAuth } from './requireAuth.ts';
import { readSessionToken, serializeClearedSessionCookie, serializeSessionCookie } from './sessionCookie.ts';
import type { SessionService } from './sessionService.ts';
import type { ThrottleStore } from './throttleStore.ts';

/** POST /api/auth/signup, /login, /logout and GET /api/me (PRODUCT §6). */
export function authRoutes(deps: {
  config: Config;
  accounts: AccountService;
  sessions: SessionService;
  /** Per-IP bucket and per-(IP, account) lock-out, in memory or shared through Redis (auth/throttleStore.ts). */
  signInThrottle: ThrottleStore;
}) {
  const { config, accounts, sessions, signInThrottle: throttle } = deps;

  const tooMany = (seconds: number) =>
    new HttpError(
      429,
      ErrorCode.tooManyRequests,
      `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );

  /** Ends the session the request arrived with, if any, before a new one starts (RELIABILITY D26). */
  async function endPresentedSession(cookie: string | undefined) {
    const token = readSessionToken(cookie, config);
    const auth = token ? await sessions.validateToken(token) : null;
    if (auth) await sessions.invalidateSession(auth.sessionId, auth.user.id);
  }

  const app = new Hono<AppEnv>();

  app.post('/auth/signup', async (c) => {
    const ip = getConnInfo(c).remote.address ?? 'unknown';
    if (!(await throttle.consume(ip))) throw tooMany(Math.ceil(LOGIN_IP_REFILL_MS / 1000));
    const body = await readJson(c, signupBody);
    const me = await accounts.signup(body);
    await endPresentedSession(c.req.header('cookie'));
    const { token } = await sessions.createSession(me.user.id);
    c.header('Set-Cookie', serializeSessionCookie(config, token));
    return c.json(me, 201);
  });

  app.post('/auth/login', async (c) => {
    const ip = getConnInfo(c).remote.address ?? 'unknown';
    const body = await readJson(c, loginBody);
    // Throttled requests are refused before any password hashing happens.
    if (!(await throttle.consume(ip))) throw tooMany(Math.ceil(LOGIN_IP_REFILL_MS / 1000));
    // The lock-out is per (IP, account) pair, as OWASP advises: locking the account itself let
    // anyone lock its owner out with three wrong passwords (issue 10 finding 14). An attacker's
    // failures lock the account only as seen from the attacker's address; spreading guesses over
    // addresses is what the per-IP bucket above bounds.
    const pair = signInPairKey(ip, body.email);
    // Claimed, not just checked: the attempt counts before the slow hash, so a concurrent
    // burst for one pair gets one attempt through, not all (auth/throttleStore.ts). Known
    // and unknown emails are claimed alike, so the throttle reveals no accounts.
    const wait = await throttle.claimAttempt(pair);
    if (wait > 0) throw tooMany(wait);
    const userId = await accounts.verifyCredentials(body.email, body.password);
    // A failure leaves the claim in place: the next attempt from this address waits.
    if (!userId) throw new HttpError(401, ErrorCode.invalidCredentials, 'The email or password is not right.');
    await throttle.reset(pair);
    await endPresentedSession(c.req.header('cookie'));
    const { token } = await sessions.createSession(userId);
    c.header('Set-Cookie', serializeSessionCookie(config, token));
    return c.json(await accounts.getMe(userId));
  });

  app.post('/auth/logout', async (c) => {
    await endPresentedSession(c.req.header('cookie'));
    c.header('Set-Cookie', serializeClearedSessionCookie(config));
    return c.body(null, 204);
  });

  app.get('/me', requireAuth(config, sessions), async (c) => {
    const auth = c.get('auth');
    return c.json({ user: auth.user, organisation: auth.organisation });
  });

  return app;
}

/** The sign-in lock-out's key: an account as tried from one address (emails are normalised by the schema). */
export function signInPairKey(ip: string, email: string): string {
  return `${ip} ${email}`;
}
