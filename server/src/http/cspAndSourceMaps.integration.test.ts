import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawResponse, rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue #10 finding 16, the HTTP part: the CSP's connect-src allowed sockets to any host
 * (`ws: wss:`), and the production build's source maps were served. connect-src is now 'self'
 * (plus the public origin's own socket origin when PUBLIC_URL is set, for browsers that predate
 * CSP Level 3's 'self' matching ws/wss), and no *.map file is ever served.
 */

const directive = (response: RawResponse, name: string) =>
  String(response.headers['content-security-policy'] ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));

/** A client build with the source maps a misconfigured build or deployment could leave beside it. */
function clientBuild(base: string) {
  const clientDir = path.join(base, 'client');
  fs.mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Jointly</title>SPA-INDEX');
  fs.writeFileSync(path.join(clientDir, 'index.html.map'), '{"version":3,"sources":["SOURCE-OF-INDEX"]}');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("APP-JS");\n//# sourceMappingURL=app.js.map');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.js.map'), '{"version":3,"sources":["SOURCE-OF-APP"]}');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.css.map'), '{"version":3,"sources":["SOURCE-OF-CSS"]}');
  return clientDir;
}

describe('I10-16: CSP connect-src is the page’s own origin, never any socket', () => {
  let base: string;
  let plain: TestServer;
  let withPublicUrl: TestServer;
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-csp-'));
    const clientDir = clientBuild(base);
    [plain, withPublicUrl] = await Promise.all([
      startTestServer({ DATA_DIR: path.join(base, 'plain'), CLIENT_DIST_DIR: clientDir }),
      startTestServer({
        DATA_DIR: path.join(base, 'public'),
        CLIENT_DIST_DIR: clientDir,
        PUBLIC_URL: 'https://jointly.example.nhs.uk',
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), withPublicUrl?.close()]);
    fs.rmSync(base, { recursive: true, force: true });
  });

  it("is exactly connect-src 'self' without PUBLIC_URL, on pages, API answers and errors", async () => {
    for (const urlPath of ['/', '/entries/abc123', '/api/me', '/healthz', '/api/nothing-here']) {
      const response = await rawRequest(plain, { path: urlPath });
      expect(directive(response, 'connect-src'), urlPath).toBe("connect-src 'self'");
    }
  });

  it('adds only the public origin’s socket origin with PUBLIC_URL (https → wss), no bare scheme or wildcard', async () => {
    const response = await rawRequest(withPublicUrl, { path: '/' });
    expect(directive(response, 'connect-src')).toBe("connect-src 'self' wss://jointly.example.nhs.uk");
    const csp = String(response.headers['content-security-policy']);
    expect(csp).not.toMatch(/(?:^|\s)(?:ws:|wss:|https?:|\*)(?:\s|;|$)/);
  });
});

describe('I10-16: no source maps are served in production', () => {
  let base: string;
  let server: TestServer;
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-maps-'));
    const clientDir = clientBuild(base);
    server = await startTestServer({
      DATA_DIR: path.join(base, 'data'),
      CLIENT_DIST_DIR: clientDir,
      NODE_ENV: 'production',
    });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('serves the built assets themselves', async () => {
    const asset = await rawRequest(server, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.text).toContain('APP-JS');
  });

  it.each([
    '/assets/app.js.map',
    '/assets/app.css.map',
    '/index.html.map',
    '/assets/app.js.MAP',
    '/assets/app.js%2emap',
    '/assets/app.js%2Emap',
    '/assets/app.js.ma%70',
    '/assets/./app.js.map',
  ])('GET %s answers 404 and none of the source', async (urlPath) => {
    const response = await rawRequest(server, { path: urlPath });
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('SOURCE-OF');
    expect((response.json() as { error: { code: string } }).error.code).toBe(ErrorCode.notFound);
  });

  it('the client build is configured without source maps', () => {
    const viteConfig = fs.readFileSync(path.resolve(import.meta.dirname, '../../../client/vite.config.ts'), 'utf8');
    expect(viteConfig).toMatch(/\bsourcemap:\s*false\b/);
    expect(viteConfig).not.toMatch(/\bsourcemap:\s*(?:true|'inline'|'hidden')/);
  });
});
