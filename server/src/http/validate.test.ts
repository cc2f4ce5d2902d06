import { type ErrorBody, ErrorCode } from '@jointly/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_JSON_BODY_BYTES } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createErrorHandler } from './errorHandler.ts';
import { parseOrThrow, readJson } from './validate.ts';

/**
 * The body and parameter validators on a small app, as hono tests its own
 * validator: every refusal is the one error envelope, and nothing reaches
 * the handler but the fields the schema names.
 */
const body = z.object({ title: z.string().min(1), count: z.number().int().optional() });

function appWith() {
  const app = new Hono();
  app.onError(createErrorHandler(createLogger('silent')));
  app.post('/things', async (c) => c.json({ got: await readJson(c, body) }));
  app.get('/things/:id', (c) => c.json({ id: parseOrThrow(z.string().regex(/^[a-z0-9]{6}$/), c.req.param('id')) }));
  return app;
}

/** The envelope's error of a refused request. */
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

const post = (contentType: string | null, text: string) =>
  appWith().request('/things', {
    method: 'POST',
    headers: contentType === null ? {} : { 'content-type': contentType },
    body: text,
  });

describe('readJson and parseOrThrow', () => {
  it('I12-6: passes a valid body on without keys the schema does not name', async () => {
    const response = await post('application/json', JSON.stringify({ title: 'A', count: 2, admin: true }));
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ got: { title: 'A', count: 2 } });
  });

  it('I12-6: reads JSON whatever the case of its type, with or without a charset', async () => {
    expect((await post('APPLICATION/JSON', '{"title":"A"}')).status).toBe(200);
    expect((await post('application/json; charset=utf-8', '{"title":"A"}')).status).toBe(200);
  });

  it('I12-6: 415 unsupported_media_type for a body that is not declared JSON', async () => {
    for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await post(type, '{"title":"A"}');
      expect(response.status, String(type)).toBe(415);
      expect((await errorOf(response)).code).toBe(ErrorCode.unsupportedMediaType);
    }
  });

  it('I12-6: 400 bad_request for a body that does not parse', async () => {
    const response = await post('application/json', '{"title":');
    expect(response.status).toBe(400);
    expect(await response.json()).toStrictEqual({
      error: { code: ErrorCode.badRequest, message: 'The request body is not valid JSON.' },
    });
  });

  it('I12-6: 413 payload_too_large over MAX_JSON_BODY_BYTES, counted in bytes', async () => {
    const title = 'é'.repeat(MAX_JSON_BODY_BYTES / 2);
    const response = await post('application/json', JSON.stringify({ title }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe(ErrorCode.payloadTooLarge);
  });

  it('I12-6: 400 validation naming each field at fault, the first in the message', async () => {
    const response = await post('application/json', JSON.stringify({ title: '', count: 1.5 }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe(ErrorCode.validation);
    expect(error.message).toMatch(/^title: /);
    expect(error.issues?.map((issue) => issue.path)).toEqual(['title', 'count']);
  });

  it('I12-6: a parameter that fails its schema is a 400 validation with an empty path', async () => {
    const app = appWith();
    expect((await app.request('/things/abc123')).status).toBe(200);
    const response = await app.request('/things/BAD!');
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: ErrorCode.validation, issues: [{ path: '' }] });
    expect(error.message).not.toMatch(/^: /);
  });
});
