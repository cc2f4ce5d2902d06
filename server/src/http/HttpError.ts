import { ErrorCode, type ErrorCodeValue } from '@jointly/shared';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error with an HTTP status and a stable code; services throw it and the
 * one `onError` handler serialises it as `{error: {code, message}}`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCodeValue,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'That') => new HttpError(404, ErrorCode.notFound, `${what} was not found.`);
export const forbidden = (message = 'You do not have permission to do that.') =>
  new HttpError(403, ErrorCode.forbidden, message);
export const unauthenticated = () => new HttpError(401, ErrorCode.unauthenticated, 'Sign in to continue.');
export const conflict = (code: ErrorCodeValue, message: string) => new HttpError(409, code, message);
