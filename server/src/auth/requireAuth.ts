import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { unauthenticated } from '../http/HttpError.ts';
import { readSessionToken } from './sessionCookie.ts';
import type { SessionService } from './sessionService.ts';

/** Rejects the request with 401 unless its session cookie names a live session. */
export function requireAuth(
  config: Pick<Config, 'secureCookies'>,
  sessions: Pick<SessionService, 'validateToken'>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readSessionToken(c.req.header('cookie'), config);
    const auth = token ? await sessions.validateToken(token) : null;
    if (!auth) throw unauthenticated();
    c.set('auth', auth);
    await next();
  };
}
