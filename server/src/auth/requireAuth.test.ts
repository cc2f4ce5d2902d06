import { ErrorCode } from '@jointly/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, AuthContext } from '../http/AppEnv.ts';
import { createErrorHandler } from '../http/errorHandler.ts';
import { createLogger } from '../logger.ts';
import { requireAuth } from './requireAuth.ts';

/**
 * requireAuth alone on a small app, with a stand-in session store, as hono
 * tests its own middleware; auth/*.integration.test.ts cover real sessions.
 */
const AUTH: AuthContext = {
  sessionId: 's1',
  user: { id: 'u1', email: 'ada@example.nhs.uk', name: 'Ada' },
  organisation: { id: 'o1', name: 'Trust', kind: 'nhs_trust' },
  emailVerified: true,
  organisationStatus: 'confirmed',
  organisationRole: 'member',
  signInMethod: 'password',
  twoFactorEnrolmentRequired: false,
};
const LIVE = 'sessionid.secret';

function appWith(secureCookies = false) {
  const asked: string[] = [];
  const sessions = {
    validateToken: async (token: string) => {
      asked.push(token);
      return token === LIVE ? AUTH : null;
    },
  };
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(createLogger('silent')));
  app.use('*', requireAuth({ secureCookies }, sessions));
  app.get('/api/me', (c) => c.json({ userId: c.get('auth').user.id }));
  return { app, asked };
}

const unauthenticated = { error: { code: ErrorCode.unauthenticated, message: 'Sign in to continue.' } };

describe('requireAuth', () => {
  it('I12-6: answers 401 unauthenticated without a session cookie, asking no session store', async () => {
    const { app, asked } = appWith();
    const response = await app.request('/api/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toStrictEqual(unauthenticated);
    expect(asked).toEqual([]);
  });

  it('I12-6: answers 401 for a token the store does not know, or one sent anywhere but the cookie', async () => {
    const { app, asked } = appWith();
    for (const [path, headers] of [
      ['/api/me', { cookie: 'jointly_session=sessionid.wrong' }],
      ['/api/me', { cookie: `other_cookie=${LIVE}` }],
      ['/api/me', { cookie: 'jointly_session=' }],
      [`/api/me?session=${LIVE}`, {}],
      ['/api/me', { authorization: `Bearer ${LIVE}` }],
    ] as const) {
      const response = await app.request(path, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(await response.json()).toStrictEqual(unauthenticated);
    }
    expect(asked).toEqual(['sessionid.wrong']);
  });

  it('I12-6: passes a live session on to the handler as c.get("auth")', async () => {
    const { app } = appWith();
    const response = await app.request('/api/me', { headers: { cookie: `theme=dark; jointly_session=${LIVE}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ userId: 'u1' });
  });

  it('I12-6: over https only the __Host- cookie counts', async () => {
    const { app } = appWith(true);
    expect((await app.request('/api/me', { headers: { cookie: `jointly_session=${LIVE}` } })).status).toBe(401);
    expect((await app.request('/api/me', { headers: { cookie: `__Host-jointly_session=${LIVE}` } })).status).toBe(200);
  });
});
