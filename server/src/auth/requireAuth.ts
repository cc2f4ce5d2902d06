import { ErrorCode } from '@jointly/shared';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { HttpError, unauthenticated } from '../http/HttpError.ts';
import { readSessionToken } from './sessionCookie.ts';
import type { SessionService } from './sessionService.ts';

export const twoFactorEnrolmentRequired = () =>
  new HttpError(
    403,
    ErrorCode.twoFactorEnrolmentRequired,
    'Your organisation requires two-factor authentication. Set it up to carry on.',
  );

/**
 * Rejects the request with 401 unless its session cookie names a live session, and with 403
 * `two_factor_enrolment_required` while the session is held to setting up two-factor sign-in
 * (auth/twoFactorEnrolment.ts), unless the route is one of those that set it up
 * (`allowTwoFactorEnrolment`: GET /api/me and /api/me/two-factor/*).
 */
export function requireAuth(
  config: Pick<Config, 'secureCookies'>,
  sessions: Pick<SessionService, 'validateToken'>,
  options: { allowTwoFactorEnrolment?: boolean } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readSessionToken(c.req.header('cookie'), config);
    const auth = token ? await sessions.validateToken(token) : null;
    if (!auth) throw unauthenticated();
    if (auth.twoFactorEnrolmentRequired && !options.allowTwoFactorEnrolment) throw twoFactorEnrolmentRequired();
    c.set('auth', auth);
    await next();
  };
}
