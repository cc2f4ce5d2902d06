import { getConnInfo } from '@hono/node-server/conninfo';
import { ErrorCode, loginBody, signupBody } from '@jointly/shared';
import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { recordAccountAudit, recordFailedPasswordSignIn } from '../audit/auditLog.ts';
import { type Config, LOGIN_IP_REFILL_MS } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';
import { readJson } from '../http/validate.ts';
import type { Logger } from '../logger.ts';
import type { AccountService } from './accountService.ts';
import { requireAuth } from './requireAuth.ts';
import { readSessionToken, serializeClearedSessionCookie, serializeSessionCookie } from './sessionCookie.ts';
import type { SessionService } from './sessionService.ts';
import type { ThrottleStore } from './throttleStore.ts';

/** POST /api/auth/signup, /login, /logout and GET /api/me (PRODUCT §6). */
export function authRoutes(deps: {
  config: Config;
  /** The audit log (audit/): sign-ups, sign-outs and failed sign-ins are recorded here. */
  database: { db: Kysely<Database> };
  logger: Logger;
  accounts: AccountService;
  sessions: SessionService;
  /** Per-IP bucket and per-(IP, account) lock-out, in memory or shared through Redis (auth/throttleStore.ts). */
  signInThrottle: ThrottleStore;
  /**
   * Two-factor sign-in (issue 15, mfa/secondFactorGate.ts): after a right password, the pending-login
   * cookie to set for an account with TOTP on (no session yet), or null to sign in at once.
   */
  secondFactorGate?: (userId: string) => Promise<string | null>;
  /** Runs after a sign-up (issue 15: the verification e-mail is sent from accounts/). */
  afterSignup?: (userId: string, email: string, c: Context) => Promise<void>;
  /** Throws 403 `sso_required` for an email that must sign in with single sign-on (issue 15, sso/). */
  passwordGate?: (email: string) => void;
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
    deps.passwordGate?.(body.email);
    const me = await accounts.signup(body);
    await recordAccountAudit(deps.database.db, {
      userId: me.user.id,
      actorId: me.user.id,
      action: 'account.signed_up',
    });
    await endPresentedSession(c.req.header('cookie'));
    const { token } = await sessions.createSession(me.user.id, 'password', { recordSignIn: false });
    c.header('Set-Cookie', serializeSessionCookie(config, token));
    await deps.afterSignup?.(me.user.id, me.user.email, c);
    // Joining an organisation that requires two-factor sign-in: the page goes to set it up first.
    return c.json(
      { ...me, twoFactorEnrolmentRequired: await sessions.twoFactorEnrolmentRequired(me.user.id, 'password') },
      201,
    );
  });

  app.post('/auth/login', async (c) => {
    const ip = getConnInfo(c).remote.address ?? 'unknown';
    const body = await readJson(c, loginBody);
    // Throttled requests are refused before any password hashing happens.
    if (!(await throttle.consume(ip))) throw tooMany(Math.ceil(LOGIN_IP_REFILL_MS / 1000));
    deps.passwordGate?.(body.email);
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
    if (!userId) {
      // Recorded for the account's admins without holding the answer, whose timing must not say
      // whether the address has an account.
      void recordFailedPasswordSignIn(deps.database.db, { email: body.email, ip }).catch((err) =>
        deps.logger.warn('failed sign-in not recorded', { err: String(err) }),
      );
      throw new HttpError(401, ErrorCode.invalidCredentials, 'The email or password is not right.');
    }
    await throttle.reset(pair);
    const pending = await deps.secondFactorGate?.(userId);
    if (pending) {
      throw new HttpError(
        401,
        ErrorCode.secondFactorRequired,
        'Enter the code from your authenticator app.',
        undefined,
        { 'Set-Cookie': pending },
      );
    }
    await endPresentedSession(c.req.header('cookie'));
    const { token } = await sessions.createSession(userId);
    c.header('Set-Cookie', serializeSessionCookie(config, token));
    return c.json({
      ...(await accounts.getMe(userId)),
      twoFactorEnrolmentRequired: await sessions.twoFactorEnrolmentRequired(userId, 'password'),
    });
  });

  app.post('/auth/logout', async (c) => {
    const token = readSessionToken(c.req.header('cookie'), config);
    const auth = token ? await sessions.validateToken(token) : null;
    if (auth) {
      await sessions.invalidateSession(auth.sessionId, auth.user.id);
      await recordAccountAudit(deps.database.db, {
        userId: auth.user.id,
        actorId: auth.user.id,
        action: 'account.signed_out',
      });
    }
    c.header('Set-Cookie', serializeClearedSessionCookie(config));
    return c.body(null, 204);
  });

  // Answers a session held to setting up two-factor sign-in too, saying so (issue 15).
  app.get('/me', requireAuth(config, sessions, { allowTwoFactorEnrolment: true }), async (c) => {
    const auth = c.get('auth');
    return c.json({
      user: {
        ...auth.user,
        emailVerified: auth.emailVerified,
        organisationStatus: auth.organisationStatus,
        organisationRole: auth.organisationRole,
      },
      organisation: auth.organisation,
      twoFactorEnrolmentRequired: auth.twoFactorEnrolmentRequired,
    });
  });

  return app;
}

/** The sign-in lock-out's key: an account as tried from one address (emails are normalised by the schema). */
export function signInPairKey(ip: string, email: string): string {
  return `${ip} ${email}`;
}
