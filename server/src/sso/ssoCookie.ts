import type { Config } from '../config.ts';
import { SSO_LOGIN_TTL_MS } from './ssoLogins.ts';

/**
 * The cookie of a sign-in at the provider. SameSite=Lax, not Strict: the provider sends the
 * browser back with a cross-site top-level GET, which Strict would strip the cookie from.
 */
export function ssoCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-jointly_sso' : 'jointly_sso';
}

export function serializeSsoCookie(config: Pick<Config, 'secureCookies'>, token: string | null): string {
  const secure = config.secureCookies ? '; Secure' : '';
  const maxAge = token === null ? 0 : Math.floor(SSO_LOGIN_TTL_MS / 1000);
  return `${ssoCookieName(config)}=${token ?? ''}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function readSsoToken(cookieHeader: string | undefined, config: Pick<Config, 'secureCookies'>): string | null {
  if (!cookieHeader) return null;
  const name = ssoCookieName(config);
  for (const part of cookieHeader.split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : null;
    }
  }
  return null;
}
