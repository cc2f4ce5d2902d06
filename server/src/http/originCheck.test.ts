import { ErrorCode } from '@jointly/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createErrorHandler } from './errorHandler.ts';
import { expectedOrigin, isAllowedOrigin, originCheck } from './originCheck.ts';

/**
 * originCheck alone on a small app (RELIABILITY E35, E36), as hono tests its
 * own middleware. The forgeries are those http/crossOrigin.integration.test.ts
 * sends to every state-changing route of the real server.
 */
const HOST = 'jointly.test:8080';
const OURS = `http://${HOST}`;
const EVIL = 'https://evil.example';

function appWith(config: Pick<Config, 'publicUrl' | 'secureCookies'> = { publicUrl: undefined, secureCookies: false }) {
  const reached: string[] = [];
  const app = new Hono();
  app.onError(createErrorHandler(createLogger('silent')));
  app.use('*', originCheck(config));
  app.all('/api/thing', (c) => {
    reached.push(c.req.method);
    return c.json({ ok: true });
  });
  return { app, reached };
}

const send = (app: Hono, method: string, headers: Record<string, string>, body?: string) =>
  app.request('/api/thing', { method, headers: { host: HOST, ...headers }, ...(body === undefined ? {} : { body }) });

const forgeries: [string, Record<string, string>][] = [
  ['foreign Origin, JSON', { origin: EVIL, 'content-type': 'application/json' }],
  ['Origin: null (sandboxed frame)', { origin: 'null', 'content-type': 'application/json' }],
  ['foreign Origin, text/plain', { origin: EVIL, 'content-type': 'text/plain' }],
  ['foreign Origin, urlencoded form', { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }],
  ['foreign Origin, multipart form', { origin: EVIL, 'content-type': 'multipart/form-data; boundary=XyZ' }],
  ['foreign Origin, no Content-Type', { origin: EVIL }],
  ['foreign Origin, upper-case JSON type', { origin: EVIL, 'content-type': 'APPLICATION/JSON' }],
  ['no Origin, Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }],
  ['no Origin, Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }],
  ['foreign Origin claiming Sec-Fetch-Site: same-origin', { origin: EVIL, 'sec-fetch-site': 'same-origin' }],
  ['same host, another port', { origin: 'http://jointly.test:1' }],
  ['same host and port, https', { origin: `https://${HOST}` }],
  ['our origin as a prefix of theirs', { origin: `${OURS}.evil.example` }],
];

describe('originCheck', () => {
  describe.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s', (method) => {
    it.each(forgeries)('I12-6: refuses %s with 403 cross_origin_request before the handler', async (_, headers) => {
      const { app, reached } = appWith();
      const response = await send(app, method, headers, '{"title":"forged"}');
      expect(response.status).toBe(403);
      expect(await response.json()).toStrictEqual({
        error: { code: ErrorCode.crossOrigin, message: 'Requests from another site are not allowed.' },
      });
      expect(reached).toEqual([]);
    });
  });

  it('I12-6: lets same-origin requests and non-browser clients (neither header) through', async () => {
    const { app, reached } = appWith();
    const allowed: Record<string, string>[] = [
      { origin: OURS },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      {},
    ];
    for (const headers of allowed) {
      expect((await send(app, 'POST', headers, '{}')).status).toBe(200);
    }
    expect(reached).toEqual(['POST', 'POST', 'POST', 'POST']);
  });

  it('I12-6: never checks safe methods (GET, HEAD, OPTIONS), whatever their Origin', async () => {
    const { app, reached } = appWith();
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect((await send(app, method, { origin: EVIL, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    }
    expect(reached).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });

  it('I12-6: with PUBLIC_URL set, only that origin is ours, whatever the Host header says', async () => {
    const { app } = appWith({ publicUrl: 'https://jointly.example/some/path', secureCookies: true });
    expect((await send(app, 'POST', { origin: 'https://jointly.example' })).status).toBe(200);
    expect((await send(app, 'POST', { origin: OURS })).status).toBe(403);
    expect((await send(app, 'POST', { origin: `https://${HOST}` })).status).toBe(403);
  });

  it('I12-6: secure cookies make the expected origin https on the request Host', async () => {
    const { app } = appWith({ publicUrl: undefined, secureCookies: true });
    expect((await send(app, 'POST', { origin: `https://${HOST}` })).status).toBe(200);
    expect((await send(app, 'POST', { origin: OURS })).status).toBe(403);
  });

  it('I12-6: the socket upgrade needs an Origin, and one that is ours', () => {
    const config = { publicUrl: undefined, secureCookies: false };
    expect(expectedOrigin(HOST, config)).toBe(OURS);
    expect(expectedOrigin(undefined, config)).toBeNull();
    expect(isAllowedOrigin(OURS, HOST, config)).toBe(true);
    expect(isAllowedOrigin(undefined, HOST, config)).toBe(false);
    expect(isAllowedOrigin(OURS, undefined, config)).toBe(false);
    expect(isAllowedOrigin(EVIL, HOST, config)).toBe(false);
  });
});
