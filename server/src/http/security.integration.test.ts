import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, type TestUser } from '../test/factories.ts';
import { type RawResponse, rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * The HTTP perimeter (RELIABILITY E38, F44, H51, A4, A8): security headers,
 * static-file path tricks, and malformed requests. Cross-origin requests
 * (E35, E36) are crossOrigin.integration.test.ts.
 */

/** A foreign page's origin. */
const EVIL = 'https://evil.example';

/** Sends raw bytes and returns whatever comes back before the server closes or goes quiet. */
function rawExchange(server: TestServer, bytes: string, quietMs = 500): Promise<string> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const parts: Buffer[] = [];
    let timer = setTimeout(() => socket.destroy(), quietMs);
    socket.on('data', (part) => {
      parts.push(part);
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(parts).toString('latin1'));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
    socket.write(bytes);
  });
}

const statusLine = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

describe('security headers (E38)', () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    user = await signUpUser(server);
  });
  afterAll(() => server.close());

  function expectSecurityHeaders(response: RawResponse, label: string) {
    const csp = String(response.headers['content-security-policy'] ?? '');
    expect(csp, label).toMatch(/(?:^|;\s*)frame-ancestors 'none'/);
    expect(csp, label).toMatch(/(?:^|;\s*)default-src 'self'/);
    expect(csp, label).not.toMatch(/script-src[^;]*'unsafe-(?:inline|eval)'/);
    const maxAge = Number(/max-age=(\d+)/.exec(String(response.headers['strict-transport-security']))?.[1]);
    expect(maxAge, label).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
    expect(response.headers['x-content-type-options'], label).toBe('nosniff');
    expect(response.headers['referrer-policy'], label).toMatch(
      /^(?:no-referrer|same-origin|strict-origin(?:-when-cross-origin)?)$/,
    );
    expect(response.headers['x-powered-by'], label).toBeUndefined();
  }

  it('sends them on every kind of API answer, with Cache-Control: no-store', async () => {
    const cases: [string, Promise<RawResponse>, number][] = [
      ['me', rawRequest(server, { path: '/api/me', headers: { cookie: user.cookie } }), 200],
      ['entries', rawRequest(server, { path: '/api/entries', headers: { cookie: user.cookie } }), 200],
      ['signed out', rawRequest(server, { path: '/api/me' }), 401],
      ['unknown route', rawRequest(server, { path: '/api/nothing-here', headers: { cookie: user.cookie } }), 404],
      ['bad id', rawRequest(server, { path: '/api/entries/BAD!', headers: { cookie: user.cookie } }), 400],
      [
        'cross-origin',
        rawRequest(server, { method: 'POST', path: '/api/auth/logout', headers: { origin: EVIL } }),
        403,
      ],
      [
        'too large',
        rawRequest(server, {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          body: 'x'.repeat(100_000),
        }),
        413,
      ],
      [
        'not JSON',
        rawRequest(server, {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'text/plain' },
          body: '{}',
        }),
        415,
      ],
    ];
    for (const [label, pending, status] of cases) {
      const response = await pending;
      expect(response.status, label).toBe(status);
      expectSecurityHeaders(response, label);
      expect(response.headers['cache-control'], label).toBe('no-store');
      expect(response.headers['content-type'], label).toMatch(/^application\/json/);
      // Error bodies are the one envelope and carry no internals.
      if (status >= 400) {
        expect(Object.keys(response.json() as object), label).toEqual(['error']);
        expect(response.text, label).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|SqliteError/);
      }
    }
  });

  it('sends them on /healthz, which answers 200 (and HEAD too)', async () => {
    const response = await rawRequest(server, { path: '/healthz' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expectSecurityHeaders(response, 'healthz');
    expect((await rawRequest(server, { method: 'HEAD', path: '/healthz' })).status).toBe(200);
  });
});

describe('static files and pages (F44)', () => {
  const SECRET = 'SECRET-OUTSIDE-THE-CLIENT-BUILD';
  let base: string;
  let server: TestServer;
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-static-'));
    const clientDir = path.join(base, 'client');
    fs.mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Jointly</title>SPA-INDEX');
    fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("APP-JS");');
    fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
    fs.mkdirSync(path.join(base, 'client-private'));
    fs.writeFileSync(path.join(base, 'client-private', 'secret.txt'), SECRET);
    server = await startTestServer({ DATA_DIR: path.join(base, 'data'), CLIENT_DIST_DIR: clientDir });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('serves the built client: the app pages get index.html and assets are served', async () => {
    for (const page of [
      '/',
      '/signin',
      '/signup',
      '/entries/abc123',
      '/entries/abc123/sections/criterion-1',
      '/invitations/abcdefghijklmnopqrstuvwxyz234567',
    ]) {
      const response = await rawRequest(server, { path: page });
      expect(response.status, page).toBe(200);
      expect(response.text, page).toContain('SPA-INDEX');
      expect(response.headers['content-security-policy'], page).toContain('frame-ancestors');
      expect(response.headers['x-content-type-options'], page).toBe('nosniff');
    }
    const asset = await rawRequest(server, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.text).toContain('APP-JS');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
  });

  const outside = [
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/../../secret.txt',
    '/../secret.txt',
    '/..%2Fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5Csecret.txt',
    '/..%5csecret.txt',
    '/assets/..%5C..%5Csecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252Fsecret.txt',
    '/assets/%252e%252e%252F%252e%252e%252Fsecret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '//secret.txt',
    '///secret.txt',
    '/assets//..//..//secret.txt',
    '/%2e%2e/client-private/secret.txt',
    '/..%2Fclient-private%2Fsecret.txt',
    '/%2e%2e/data/jointly.sqlite',
    '/..%2Fdata%2Fjointly.sqlite',
    `/${'..%2F'.repeat(12)}etc%2Fpasswd`,
    `/${'%2e%2e/'.repeat(12)}etc/passwd`,
    '/assets/app.js%00.txt',
    '/entries/..%2F..%2Fsecret.txt',
  ];

  it.each(outside)('answers %s with 404 and nothing from outside the build', async (trick) => {
    const response = await rawRequest(server, { path: trick });
    expect(response.status).toBe(404);
    expect(response.text).not.toContain(SECRET);
    expect(response.text).not.toContain('SQLite format');
    expect(response.text).not.toContain('root:');
  });

  it('refuses a raw backslash in the path with 400', async () => {
    for (const trick of ['/..\\secret.txt', '/assets\\..\\..\\secret.txt']) {
      const response = await rawRequest(server, { path: trick });
      expect(response.status, trick).toBe(400);
      expect(response.text).not.toContain(SECRET);
    }
  });
});

describe('malformed HTTP (A3, A4, A8, H51)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const alive = async () => (await rawRequest(server, { path: '/healthz' })).status;

  it('has header and request timeouts against slow clients, and a header count limit', () => {
    expect(server.httpServer.headersTimeout).toBeGreaterThan(0);
    expect(server.httpServer.headersTimeout).toBeLessThanOrEqual(30_000);
    // Node's limit is the uploads' (minutes on a slow link); every other request is cut at 30 s by
    // applyRequestDeadlines (requestDeadlines.test.ts).
    expect(server.httpServer.requestTimeout).toBeGreaterThan(0);
    expect(server.httpServer.requestTimeout).toBeLessThanOrEqual(15 * 60_000);
    expect(server.httpServer.maxHeadersCount).toBeLessThanOrEqual(2000);
  });

  it('refuses a request with thousands of headers and carries on', async () => {
    const headers = Array.from({ length: 2500 }, (_, n) => `x-h${n}: v`).join('\r\n');
    const response = await rawExchange(server, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n\r\n`);
    expect(statusLine(response)).toBe(431);
    expect(await alive()).toBe(200);
  });

  it('answers garbage request lines with 400, many times over, and carries on', async () => {
    const garbage = [
      'GARBAGE\r\n\r\n',
      'GET\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
    ];
    for (let round = 0; round < 40; round++) {
      const responses = await Promise.all(garbage.map((bytes) => rawExchange(server, bytes, 200)));
      for (const response of responses) expect([0, 400]).toContain(statusLine(response));
    }
    expect(await alive()).toBe(200);
  });

  it('refuses a body with both Content-Length and Transfer-Encoding (request smuggling) with 400', async () => {
    const body = JSON.stringify({ email: 'smuggle@example.nhs.uk', password: 'x' });
    const response = await rawExchange(
      server,
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expect(statusLine(response)).toBe(400);
    expect(await alive()).toBe(200);
  });

  it('refuses an oversized chunked body on an authenticated route with 413 before anything is created', async () => {
    const user = await signUpUser(server);
    const before = await server.services.database.db.selectFrom('entries').select('id').execute();
    const response = await rawRequest(server, {
      method: 'POST',
      path: '/api/entries',
      headers: { origin: server.origin, cookie: user.cookie, 'content-type': 'application/json' },
      chunks: Array.from({ length: 20 }, (_, n) =>
        n === 0 ? '{"categoryId":"hsj-partnership-long-term-partnership","title":"' : 'x'.repeat(8192),
      ),
    });
    expect(response.status).toBe(413);
    expect(await server.services.database.db.selectFrom('entries').select('id').execute()).toEqual(before);
  });
});
