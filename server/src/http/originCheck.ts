import { ErrorCode } from '@jointly/shared';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { HttpError } from './HttpError.ts';

/**
 * CSRF defence for cookie sessions (RELIABILITY E35): a state-changing
 * request must come from our own origin. Browsers send `Origin` on every
 * cross-origin POST (and `Sec-Fetch-Site` on modern ones); a request with
 * neither comes from a non-browser client, which carries no ambient cookie
 * to abuse, and is allowed.
 */
export function expectedOrigin(host: string | undefined, config: Pick<Config, 'publicUrl' | 'secureCookies'>) {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  if (!host) return null;
  return `${config.secureCookies ? 'https' : 'http'}://${host}`;
}

/** For the WebSocket upgrade: the Origin must be present and ours (RELIABILITY A6). */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  config: Pick<Config, 'publicUrl' | 'secureCookies'>,
): boolean {
  const expected = expectedOrigin(host, config);
  return origin !== undefined && expected !== null && origin === expected;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originCheck(config: Pick<Config, 'publicUrl' | 'secureCookies'>): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      const refused =
        origin !== undefined
          ? !isAllowedOrigin(origin, c.req.header('host'), config)
          : fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none';
      if (refused) {
        throw new HttpError(403, ErrorCode.crossOrigin, 'Requests from another site are not allowed.');
      }
    }
    await next();
  };
}
