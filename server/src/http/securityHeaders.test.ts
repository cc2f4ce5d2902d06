import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createErrorHandler } from './errorHandler.ts';
import { HttpError } from './HttpError.ts';
import { securityHeaders } from './securityHeaders.ts';

/**
 * securityHeaders alone on a small app (RELIABILITY E38), as hono tests its
 * own middleware; http/security.integration.test.ts checks the same headers
 * on the real server's routes.
 */
function appWith(publicUrl?: string) {
  const app = new Hono();
  app.onError(createErrorHandler(createLogger('silent')));
  app.use('*', securityHeaders({ publicUrl }));
  app.get('/api/thing', (c) => c.json({ ok: true }));
  app.get('/api/broken', () => {
    throw new HttpError(409, 'conflict', 'No.');
  });
  app.get('/assets/app.js', (c) => c.text('console.log(1)'));
  app.get('/api/download', (c) => c.body('bytes', 200, { 'Content-Security-Policy': 'sandbox' }));
  return app;
}

const directives = (csp: string | null) =>
  new Map((csp ?? '').split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]));

describe('securityHeaders', () => {
  it('I12-6: sets the CSP, HSTS, nosniff, referrer, framing, opener and permissions headers', async () => {
    const response = await appWith().request('/api/thing');
    expect(response.status).toBe(200);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('I12-6: sets them on an error answer too, after onError has made it', async () => {
    const response = await appWith().request('/api/broken');
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'conflict', message: 'No.' } });
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('I12-6: lets hashed assets be cached (no Cache-Control: no-store under /assets/)', async () => {
    const response = await appWith().request('/assets/app.js');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it("I12-6: connect-src names the public origin's socket origin, never a bare scheme", async () => {
    const secure = directives(
      (await appWith('https://jointly.example').request('/api/thing')).headers.get('content-security-policy'),
    );
    expect(secure.get('connect-src')).toBe("'self' wss://jointly.example");
    const plain = directives(
      (await appWith('http://localhost:8080').request('/api/thing')).headers.get('content-security-policy'),
    );
    expect(plain.get('connect-src')).toBe("'self' ws://localhost:8080");
  });

  it('a response that sets its own policy keeps it (uploaded files are served sandboxed), with the other headers', async () => {
    const response = await appWith().request('/api/download');
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
