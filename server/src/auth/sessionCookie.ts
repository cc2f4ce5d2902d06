import type { Config } from '../config.ts';
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '../config.ts';

/**
 * The session cookie: `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` and the
 * `__Host-` prefix (which forbids a Domain attribute) when served over https.
 */
export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-jointly_session' : 'jointly_session';
}

export function serializeSessionCookie(config: Pick<Config, 'secureCookies'>, token: string): string {
  const maxAge = Math.floor(SESSION_ABSOLUTE_TIMEOUT_MS / 1000);
  const secure = config.secureCookies ? '; Secure' : '';
  return `${sessionCookieName(config)}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function serializeClearedSessionCookie(config: Pick<Config, 'secureCookies'>): string {
  const secure = config.secureCookies ? '; Secure' : '';
  return `${sessionCookieName(config)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}

/** The session token from a Cookie header; tokens anywhere else (query, body) are ignored. */
export function readSessionToken(
  cookieHeader: string | undefined,
  config: Pick<Config, 'secureCookies'>,
): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(config);
  for (const part of cookieHeader.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : null;
    }
  }
  return null;
}
