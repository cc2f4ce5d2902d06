import { getConnInfo } from '@hono/node-server/conninfo';
import { ErrorCode, type SsoErrorReason, type SsoStatusDto, safeNextPath } from '@jointly/shared';
import { type Context, Hono } from 'hono';
import { readSessionToken, serializeSessionCookie } from '../auth/sessionCookie.ts';
import type { SessionService } from '../auth/sessionService.ts';
import type { ThrottleStore } from '../auth/throttleStore.ts';
import { type Config, LOGIN_IP_REFILL_MS } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';
import { readSsoToken, serializeSsoCookie } from './ssoCookie.ts';
import type { SsoService } from './ssoService.ts';

export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

/**
 * GET /api/auth/sso, /api/auth/sso/start and /api/auth/sso/callback (issue 15). The browser
 * navigates through start and callback; both answer with redirects, failures to
 * `/signin?sso_error=<reason>` with no session. A sign-in by single sign-on asks for no TOTP code:
 * the provider authenticated the person (its own MFA applies there).
 */
export function ssoRoutes(deps: {
  config: Config;
  sso: SsoService | null;
  sessions: SessionService;
  /** The sign-in per-IP bucket: starting a sign-in stores a row, so it is limited as a password attempt. */
  signInThrottle: ThrottleStore;
}) {
  const { config, sso, sessions, signInThrottle } = deps;
  const app = new Hono<AppEnv>();

  /** PUBLIC_URL's callback (required in production); in development and tests, this server's own host. */
  const redirectUri = (c: Context) =>
    `${config.publicUrl ?? `http://${c.req.header('host') ?? '127.0.0.1'}`}${SSO_CALLBACK_PATH}`;
  const failed = (c: Context, reason: SsoErrorReason) => {
    c.header('Set-Cookie', serializeSsoCookie(config, null), { append: true });
    return c.redirect(`/signin?sso_error=${reason}`, 302);
  };

  app.get('/auth/sso', (c) => {
    const status: SsoStatusDto = { enabled: sso !== null, displayName: config.sso?.displayName ?? null };
    return c.json(status);
  });

  app.get('/auth/sso/start', async (c) => {
    if (!sso) return failed(c, 'sso_off');
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
    let started: { url: string; token: string };
    try {
      started = await sso.start(redirectUri(c), safeNextPath(c.req.query('next')));
    } catch {
      return failed(c, 'sso_unavailable');
    }
    c.header('Set-Cookie', serializeSsoCookie(config, started.token));
    c.header('Cache-Control', 'no-store');
    return c.redirect(started.url, 302);
  });

  app.get('/auth/sso/callback', async (c) => {
    if (!sso) return failed(c, 'sso_off');
    const query = new URL(c.req.url).searchParams;
    const outcome = await sso.finish(redirectUri(c), query, readSsoToken(c.req.header('cookie'), config));
    if (!outcome.ok) return failed(c, outcome.reason);
    // The session the browser came with, if any, ends: a new sign-in never shares it (RELIABILITY D26).
    const presented = readSessionToken(c.req.header('cookie'), config);
    const auth = presented ? await sessions.validateToken(presented) : null;
    if (auth) await sessions.invalidateSession(auth.sessionId, auth.user.id);
    // Marked as single sign-on: it meets an organisation's two-factor requirement (the provider's MFA).
    const { token } = await sessions.createSession(outcome.userId, 'sso');
    c.header('Set-Cookie', serializeSsoCookie(config, null), { append: true });
    c.header('Set-Cookie', serializeSessionCookie(config, token), { append: true });
    c.header('Cache-Control', 'no-store');
    return c.redirect(outcome.nextPath, 302);
  });

  return app;
}

/**
 * Password sign-in and sign-up for the deployment's OIDC_REQUIRED_DOMAINS: 403 `sso_required`.
 * Given to auth/authRoutes.ts, which cannot import sso/ (sso/ builds on auth/).
 */
export function ssoPasswordGate(config: Pick<Config, 'sso'>): (email: string) => void {
  const domains = new Set(config.sso?.requiredDomains ?? []);
  return (email) => {
    if (!domains.has(email.slice(email.lastIndexOf('@') + 1).toLowerCase())) return;
    throw new HttpError(
      403,
      ErrorCode.ssoRequired,
      'Your organisation signs you in with single sign-on. Use the single sign-on button instead of a password.',
    );
  };
}
