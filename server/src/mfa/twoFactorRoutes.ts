import { disableTwoFactorBody, totpCodeBody } from '@jointly/shared';
import { Hono } from 'hono';
import { requireAuth } from '../auth/requireAuth.ts';
import type { SessionService } from '../auth/sessionService.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { readJson } from '../http/validate.ts';
import type { TwoFactorService } from './twoFactorService.ts';

/**
 * The signed-in person's own two-factor settings (issue 15). They sign in for themselves, letting
 * through a session held to setting two-factor sign-in up (its organisation requires it): these
 * routes are how it gets free. Mounted before the API's other signed-in routes.
 */
export function twoFactorRoutes(deps: {
  config: Pick<Config, 'secureCookies'>;
  sessions: Pick<SessionService, 'validateToken'>;
  twoFactor: TwoFactorService;
}) {
  const { twoFactor } = deps;
  const app = new Hono<AppEnv>();
  const signedIn = requireAuth(deps.config, deps.sessions, { allowTwoFactorEnrolment: true });
  app.use('/me/two-factor', signedIn);
  app.use('/me/two-factor/*', signedIn);

  app.get('/me/two-factor', async (c) => c.json(await twoFactor.status(c.get('auth').user.id)));

  app.post('/me/two-factor/setup', async (c) => {
    const { user } = c.get('auth');
    c.header('Cache-Control', 'no-store');
    return c.json(await twoFactor.setup(user));
  });

  app.post('/me/two-factor/confirm', async (c) => {
    const body = await readJson(c, totpCodeBody);
    c.header('Cache-Control', 'no-store');
    return c.json(await twoFactor.confirm(c.get('auth').user.id, body.code));
  });

  app.post('/me/two-factor/recovery-codes', async (c) => {
    const body = await readJson(c, totpCodeBody);
    c.header('Cache-Control', 'no-store');
    return c.json(await twoFactor.regenerateRecoveryCodes(c.get('auth').user.id, body.code));
  });

  app.post('/me/two-factor/disable', async (c) => {
    const { password, ...factor } = await readJson(c, disableTwoFactorBody);
    await twoFactor.disable(c.get('auth').user.id, password, factor);
    return c.body(null, 204);
  });

  return app;
}
