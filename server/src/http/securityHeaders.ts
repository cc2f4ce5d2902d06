import type { MiddlewareHandler } from 'hono';

/**
 * Security headers on every response (RELIABILITY E38). The CSP allows only
 * our own scripts and sockets; inline styles are allowed because the editor's
 * caret colours are set as style attributes.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
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
