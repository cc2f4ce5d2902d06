import type { ErrorBody } from '@jointly/shared';

/** A field-level problem reported by the server (or by the form's own validation). */
export type FieldIssue = { path: string; message: string };

/**
 * A failed API call, carrying the server's `{error: {code, message, issues}}`
 * envelope. Network failures get status 0 and the code `network_error`, so
 * callers handle every failure through one type.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];

  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export const NETWORK_ERROR_CODE = 'network_error';

/** Messages for failures whose body is not our envelope (a proxy error page, an empty 502). */
function fallbackMessage(status: number): string {
  if (status === 0) return 'Jointly could not be reached. Check your connection and try again.';
  if (status === 401) return 'Sign in to continue.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Page not found.';
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (status >= 500) return 'Sorry, there is a problem with the service. Try again later.';
  return 'Something went wrong. Try again.';
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Builds the ApiError for a non-2xx response from its status and parsed body (if any). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const issues = Array.isArray(body.error.issues)
      ? body.error.issues.filter(
          (issue): issue is FieldIssue => typeof issue?.path === 'string' && typeof issue?.message === 'string',
        )
      : [];
    return new ApiError(status, body.error.code, body.error.message, issues);
  }
  return new ApiError(status, status === 0 ? NETWORK_ERROR_CODE : `http_${status}`, fallbackMessage(status));
}

export function networkError(): ApiError {
  return apiErrorFrom(0, null);
}
