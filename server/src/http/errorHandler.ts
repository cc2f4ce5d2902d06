import { type ErrorBody, ErrorCode } from '@jointly/shared';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../logger.ts';
import { HttpError } from './HttpError.ts';

/**
 * The one place errors become responses. Known errors keep their status and
 * code; anything else is logged and answered with a generic 500 that says
 * nothing about the internals.
 */
export function createErrorHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof HttpError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      if (err.issues) body.error.issues = err.issues;
      return c.json(body, err.status, err.headers);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 4xx (e.g. a malformed body the body-limit middleware refused).
      const status = err.status;
      const code = status === 413 ? ErrorCode.payloadTooLarge : ErrorCode.badRequest;
      return c.json<ErrorBody>({ error: { code, message: err.message || 'Bad request.' } }, status);
    }
    if (isDatabaseUnavailable(err)) {
      logger.error('database unavailable', { path: c.req.path, err: String(err) });
      return c.json<ErrorBody>(
        { error: { code: ErrorCode.unavailable, message: 'Jointly cannot reach its database. Try again shortly.' } },
        503,
        { 'Retry-After': '5' },
      );
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, err });
    return c.json<ErrorBody>(
      { error: { code: ErrorCode.internal, message: 'Something went wrong on our side.' } },
      500,
    );
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  c.json<ErrorBody>({ error: { code: ErrorCode.notFound, message: 'Not found.' } }, 404);

/**
 * Connection-level database failures (PostgreSQL down, SQLite busy, read-only or full, or the
 * store refusing writes: StoreUnavailableError in db/storeHealth.ts).
 */
function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'JOINTLY_STORE_UNAVAILABLE' ||
    code === 'ECONNRESET' ||
    code === '57P01' ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_FULL' ||
    code === 'SQLITE_IOERR'
  );
}
