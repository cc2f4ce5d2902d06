import { ErrorCode } from '@jointly/shared';
import type { Context } from 'hono';
import type { z } from 'zod';
import { MAX_JSON_BODY_BYTES } from '../config.ts';
import { HttpError } from './HttpError.ts';

/**
 * Reads and validates a JSON body against a zod schema: not JSON → 415,
 * unparsable → 400, too large → 413, invalid → 400 with field issues. The
 * parsed value never carries keys the schema does not name.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header('content-type')?.toLowerCase() ?? '';
  if (!contentType.startsWith('application/json')) {
    throw new HttpError(415, ErrorCode.unsupportedMediaType, 'Send the request body as application/json.');
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) {
    throw new HttpError(413, ErrorCode.payloadTooLarge, 'The request body is too large.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HttpError(400, ErrorCode.badRequest, 'The request body is not valid JSON.');
  }
  return parseOrThrow(schema, raw);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    const first = issues[0];
    throw new HttpError(
      400,
      ErrorCode.validation,
      first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The request is not valid.',
      issues,
    );
  }
  return result.data;
}
