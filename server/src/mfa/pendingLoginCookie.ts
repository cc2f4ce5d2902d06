import type { Config } from '../config.ts';
import { PENDING_LOGIN_TTL_MS } from '../config.ts';

/**
 * The cookie of a sign-in waiting for its code: HttpOnly, SameSite=Strict, five minutes; with
 * `Secure` and the `__Host-` prefix over https, as the session cookie.
 */
export function pendingLoginCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-jointly_login_pending' : 'jointly_login_pending';
}

export function serializePendingLoginCookie(config: Pick<Config, 'secureCookies'>, token: string | null): string {
  const secure = config.secureCookies ? '; Secure' : '';
  const maxAge = token === null ? 0 : Math.floor(PENDING_LOGIN_TTL_MS / 1000);
  return `${pendingLoginCookieName(config)}=${token ?? ''}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

export function readPendingLoginToken(
  cookieHeader: string | undefined,
  config: Pick<Config, 'secureCookies'>,
): string | null {
  if (!cookieHeader) return null;
  const name = pendingLoginCookieName(config);
  for (const part of cookieHeader.split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : null;
    }
  }
  return null;
}
