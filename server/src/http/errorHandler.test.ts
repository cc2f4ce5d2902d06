import { type ErrorBody, ErrorCode } from '@jointly/shared';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.ts';
import { createErrorHandler, notFoundHandler } from './errorHandler.ts';
import { HttpError } from './HttpError.ts';

/**
 * The one error handler on a small app whose routes throw each kind of error:
 * every answer is the `{error: {code, message}}` envelope and nothing from
 * inside the server reaches the client.
 */
function appThrowing(err: unknown) {
  const logged: { level: string; message: string }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (message) => logged.push({ level: 'error', message }),
  };
  const app = new Hono();
  app.onError(createErrorHandler(logger));
  app.notFound(notFoundHandler);
  app.get('/boom', () => {
    throw err;
  });
  return { app, logged };
}

const bodyOf = async (response: Response) => (await response.json()) as ErrorBody;

describe('createErrorHandler', () => {
  it('I12-6: an HttpError keeps its status, code, message, field issues and headers', async () => {
    const issues = [{ path: 'title', message: 'Required.' }];
    const { app, logged } = appThrowing(
      new HttpError(429, ErrorCode.rateLimited, 'Slow down.', issues, { 'Retry-After': '7' }),
    );
    const response = await app.request('/boom');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await bodyOf(response)).toStrictEqual({
      error: { code: ErrorCode.rateLimited, message: 'Slow down.', issues },
    });
    expect(logged).toEqual([]);
  });

  it("I12-6: hono's own 4xx becomes bad_request, or payload_too_large for a 413", async () => {
    const bad = await appThrowing(new HTTPException(400, { message: 'Malformed.' })).app.request('/boom');
    expect(bad.status).toBe(400);
    expect(await bodyOf(bad)).toStrictEqual({ error: { code: ErrorCode.badRequest, message: 'Malformed.' } });
    const large = await appThrowing(new HTTPException(413)).app.request('/boom');
    expect(large.status).toBe(413);
    expect((await bodyOf(large)).error.code).toBe(ErrorCode.payloadTooLarge);
  });

  it('I12-6: a database that cannot be reached is 503 unavailable with Retry-After', async () => {
    for (const code of ['ECONNREFUSED', 'SQLITE_BUSY', 'SQLITE_FULL', '57P01', 'JOINTLY_STORE_UNAVAILABLE']) {
      const failure = Object.assign(new Error(`store down at /var/lib/jointly (${code})`), { code });
      const { app, logged } = appThrowing(failure);
      const response = await app.request('/boom');
      expect(response.status, code).toBe(503);
      expect(response.headers.get('retry-after'), code).toBe('5');
      const body = await bodyOf(response);
      expect(body.error.code, code).toBe(ErrorCode.unavailable);
      expect(JSON.stringify(body), code).not.toContain('/var/lib');
      expect(logged, code).toEqual([{ level: 'error', message: 'database unavailable' }]);
    }
  });

  it('I12-6: anything else is a generic 500 that says nothing of the internals, and is logged', async () => {
    const { app, logged } = appThrowing(new TypeError("Cannot read properties of undefined (reading 'secret_hash')"));
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toStrictEqual({
      error: { code: ErrorCode.internal, message: 'Something went wrong on our side.' },
    });
    expect(text).not.toMatch(/secret_hash|TypeError|at /);
    expect(logged).toEqual([{ level: 'error', message: 'unhandled error' }]);
  });

  it('I12-6: an unknown route is the 404 envelope', async () => {
    const response = await appThrowing(null).app.request('/nothing-here');
    expect(response.status).toBe(404);
    expect(await bodyOf(response)).toStrictEqual({ error: { code: ErrorCode.notFound, message: 'Not found.' } });
  });
});
