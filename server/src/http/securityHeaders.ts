import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';

/**
 * Security headers on every response (RELIABILITY E38). The CSP allows only
 * our own scripts and sockets; inline styles are allowed because the editor's
 * caret colours are set as style attributes.
 *
 * connect-src is 'self' (issue #10 finding 16: it allowed sockets to any host). CSP Level 3
 * lets 'self' match ws: and wss: on the page's own host and port, which Chromium, Firefox and
 * Safari 16+ do; for older Safari the public origin's socket origin is listed explicitly
 * when PUBLIC_URL says what it is. Never a bare scheme or a wildcard.
 */
function contentSecurityPolicy(publicUrl: string | undefined): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...socketOrigin(publicUrl)].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The WebSocket origin of the public origin (https → wss), or nothing when it is not configured. */
function socketOrigin(publicUrl: string | undefined): string[] {
  if (!publicUrl) return [];
  const url = new URL(publicUrl);
  return [`${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`];
}

export function securityHeaders(config: Pick<Config, 'publicUrl'> = { publicUrl: undefined }): MiddlewareHandler {
  const CSP = contentSecurityPolicy(config.publicUrl);
  return async (c, next) => {
    await next();
    // A response that sets its own policy keeps it: uploaded files are served with `sandbox` (files/fileRoutes.ts).
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
    c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    // API answers and pages (which may carry an invitation token in their URL) are never cached;
    // hashed assets under /assets may be.
    if (!c.req.path.startsWith('/assets/')) c.header('Cache-Control', 'no-store');
  };
}
