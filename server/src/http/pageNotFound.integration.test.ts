import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser } from '../test/factories.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 11 item 13: unknown pages and malformed invitation links answered raw JSON. A path that
 * matches no page now gets the built client's index.html with 404 (the client's router draws
 * "Page not found" in the app's layout, lang and title); only /api/… answers the JSON 404.
 */

const INDEX = '<!doctype html><html lang="en-GB"><title>Jointly</title>SPA-INDEX</html>';
const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';

describe('I11-13: unknown pages get the app’s "Page not found" page, the API keeps JSON', () => {
  let base: string;
  let server: TestServer;
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-not-found-'));
    const clientDir = path.join(base, 'client');
    fs.mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(clientDir, 'index.html'), INDEX);
    fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("APP-JS");');
    server = await startTestServer({ DATA_DIR: path.join(base, 'data'), CLIENT_DIST_DIR: clientDir });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('I11-13: GET /nosuchpage, /entries and a malformed invitation link answer the app’s HTML with 404', async () => {
    for (const urlPath of [
      '/nosuchpage',
      '/entries',
      '/entries/',
      `/invitations/${TOKEN}.`,
      '/invitations/x',
      '/a/b/c',
    ]) {
      const response = await rawRequest(server, { path: urlPath });
      expect(response.status, urlPath).toBe(404);
      expect(String(response.headers['content-type']), urlPath).toMatch(/^text\/html/);
      expect(response.text, urlPath).toBe(INDEX);
      // The same security headers as every page.
      expect(response.headers['content-security-policy'], urlPath).toBeTruthy();
    }
  });

  it('I11-13: pages still answer 200 with the app, and files are still served', async () => {
    for (const urlPath of ['/', '/signin', '/entries/new', '/entries/abc123', `/invitations/${TOKEN}`]) {
      const response = await rawRequest(server, { path: urlPath });
      expect(response.status, urlPath).toBe(200);
      expect(response.text, urlPath).toBe(INDEX);
    }
    const asset = await rawRequest(server, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.text).toContain('APP-JS');
  });

  it('I11-13: /api/nosuch (and a missing asset, and the socket path) answer the JSON 404', async () => {
    const { cookie } = await signUpUser(server);
    for (const urlPath of ['/api/nosuch', '/api', '/assets/missing.js', '/collab/abc']) {
      const response = await rawRequest(server, { path: urlPath, headers: { cookie } });
      expect(response.status, urlPath).toBe(404);
      expect(String(response.headers['content-type']), urlPath).toMatch(/^application\/json/);
      expect(response.json(), urlPath).toEqual({ error: { code: ErrorCode.notFound, message: 'Not found.' } });
    }
  });
});
