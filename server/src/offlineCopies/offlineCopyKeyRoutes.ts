import type { OfflineCopyKeyDto } from '@jointly/shared';
import { Hono } from 'hono';
import { readSessionToken } from '../auth/sessionCookie.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { unauthenticated } from '../http/HttpError.ts';
import { offlineCopyKeyOf } from './offlineCopyKey.ts';

/**
 * GET /api/me/offline-copy-key: the session's key for sealing offline copies (offlineCopyKey.ts).
 * Mounted behind requireAuth, so a session that has ended answers 401 and its key is gone.
 */
export function offlineCopyKeyRoutes(deps: { config: Pick<Config, 'secureCookies'> }) {
  const app = new Hono<AppEnv>();
  app.get('/me/offline-copy-key', (c) => {
    const token = readSessionToken(c.req.header('cookie'), deps.config);
    const key = token ? offlineCopyKeyOf(token) : null;
    if (!key) throw unauthenticated();
    // A key, like a password, is never kept by a cache.
    c.header('Cache-Control', 'no-store');
    return c.json<OfflineCopyKeyDto>({ key });
  });
  return app;
}
