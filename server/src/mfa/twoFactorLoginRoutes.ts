import { getConnInfo } from '@hono/node-server/conninfo';
import { ErrorCode, secondFactorBody } from '@jointly/shared';
import { Hono } from 'hono';
import type { AccountService } from '../auth/accountService.ts';
import { readSessionToken, serializeSessionCookie } from '../auth/sessionCookie.ts';
import type { SessionService } from '../auth/sessionService.ts';
import type { ThrottleStore } from '../auth/throttleStore.ts';
import { type Config, LOGIN_IP_REFILL_MS } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';
import { readJson } from '../http/validate.ts';
import { readPendingLoginToken, serializePendingLoginCookie } from './pendingLoginCookie.ts';
import type { TwoFactorService } from './twoFactorService.ts';

/**
 * POST /api/auth/login/second-factor (issue 15): completes a sign-in that `POST /api/auth/login`
 * answered with 401 `second_factor_required` and a pending-login cookie. Per IP it shares the
 * sign-in bucket; per account the codes bucket (limits/); per pending sign-in a few wrong codes.
 */
export function twoFactorLoginRoutes(deps: {
  config: Config;
  accounts: AccountService;
  sessions: SessionService;
  signInThrottle: ThrottleStore;
  twoFactor: TwoFactorService;
}) {
  const { config, accounts, sessions, signInThrottle, twoFactor } = deps;
  const app = new Hono<AppEnv>();

  app.post('/auth/login/second-factor', async (c) => {
    const ip = getConnInfo(c).remote.address ?? 'unknown';
    if (!(await signInThrottle.consume(ip))) {
      const seconds = Math.ceil(LOGIN_IP_REFILL_MS / 1000);
      throw new HttpError(
        429,
        ErrorCode.tooManyRequests,
        `Too many attempts. Try again in ${seconds} seconds.`,
        undefined,
        {
          'Retry-After': String(seconds),
        },
      );
    }
    const factor = await readJson(c, secondFactorBody);
    const cookie = c.req.header('cookie');
    let userId: string;
    try {
      userId = await twoFactor.completeSignIn(readPendingLoginToken(cookie, config), factor);
    } catch (err) {
      // A dropped sign-in's cookie is cleared with the refusal, so the page starts again cleanly.
      if (err instanceof HttpError && err.code === ErrorCode.secondFactorExpired) {
        throw new HttpError(err.status, err.code, err.message, undefined, {
          'Set-Cookie': serializePendingLoginCookie(config, null),
        });
      }
      throw err;
    }
    // As a password sign-in: the session the request came with ends first (RELIABILITY D26).
    const presented = readSessionToken(cookie, config);
    const auth = presented ? await sessions.validateToken(presented) : null;
    if (auth) await sessions.invalidateSession(auth.sessionId, auth.user.id);
    const { token } = await sessions.createSession(userId, 'two_factor');
    c.header('Set-Cookie', serializeSessionCookie(config, token), { append: true });
    c.header('Set-Cookie', serializePendingLoginCookie(config, null), { append: true });
    return c.json(await accounts.getMe(userId));
  });

  return app;
}
