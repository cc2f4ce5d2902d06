import { ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createEntry, invite, signUpUser, type TestUser } from '../test/factories.ts';
import { type RawResponse, rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Cross-origin requests at the HTTP perimeter (RELIABILITY E35, E36): every
 * way a hostile page can send a request to a state-changing route is refused
 * and changes nothing, and no CORS header lets a foreign page read an answer.
 * The rest of the perimeter is security.integration.test.ts.
 */

/** A foreign page's origin. */
const EVIL = 'https://evil.example';

describe('cross-origin requests (E35, E36)', () => {
  let server: TestServer;
  let lead: TestUser;
  let member: TestUser;
  let invitee: TestUser;
  let entryId: string;
  let invitationId: string;
  let invitationToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    [lead, member, invitee] = await Promise.all([
      signUpUser(server),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, member, 'contributor');
    const invitation = await invite(server, lead, entryId, invitee.email, 'lead');
    invitationId = invitation.id;
    invitationToken = invitation.token;
  });
  afterAll(() => server.close());

  /** Everything a forged request could have changed. */
  async function snapshot() {
    const db = server.services.database.db;
    const [users, sessions, entries, memberships, invitations] = await Promise.all([
      db.selectFrom('users').select('id').orderBy('id').execute(),
      db.selectFrom('sessions').select('id').orderBy('id').execute(),
      db.selectFrom('entries').select(['id', 'title']).orderBy('id').execute(),
      db.selectFrom('memberships').selectAll().orderBy('entry_id').orderBy('user_id').execute(),
      db.selectFrom('invitations').select(['id', 'accepted_at', 'revoked_at']).orderBy('id').execute(),
    ]);
    return JSON.stringify({ users, sessions, entries, memberships, invitations });
  }

  type Route = { name: string; method: string; path: () => string; cookie: () => string; fields: () => object };
  const routes: Route[] = [
    {
      name: 'sign-up',
      method: 'POST',
      path: () => '/api/auth/signup',
      cookie: () => '',
      fields: () => ({
        email: 'forged@example.nhs.uk',
        password: 'correct horse battery staple',
        name: 'Forged',
        organisationName: 'Forged Org',
        organisationKind: 'other',
      }),
    },
    {
      name: 'sign-in (login CSRF)',
      method: 'POST',
      path: () => '/api/auth/login',
      cookie: () => '',
      fields: () => ({ email: lead.email, password: lead.password }),
    },
    { name: 'sign-out', method: 'POST', path: () => '/api/auth/logout', cookie: () => lead.cookie, fields: () => ({}) },
    {
      name: 'create entry',
      method: 'POST',
      path: () => '/api/entries',
      cookie: () => lead.cookie,
      fields: () => ({ title: 'Forged entry', categoryId: 'hsj-partnership-long-term-partnership' }),
    },
    {
      name: 'change role',
      method: 'PATCH',
      path: () => `/api/entries/${entryId}/members/${member.me.user.id}`,
      cookie: () => lead.cookie,
      fields: () => ({ role: 'lead' }),
    },
    {
      name: 'remove member',
      method: 'DELETE',
      path: () => `/api/entries/${entryId}/members/${member.me.user.id}`,
      cookie: () => lead.cookie,
      fields: () => ({}),
    },
    {
      name: 'invite',
      method: 'POST',
      path: () => `/api/entries/${entryId}/invitations`,
      cookie: () => lead.cookie,
      fields: () => ({ email: 'attacker@evil.example', role: 'lead' }),
    },
    {
      name: 'revoke invitation',
      method: 'DELETE',
      path: () => `/api/entries/${entryId}/invitations/${invitationId}`,
      cookie: () => lead.cookie,
      fields: () => ({}),
    },
    {
      name: 'accept invitation',
      method: 'POST',
      path: () => `/api/invitations/${invitationToken}/accept`,
      cookie: () => invitee.cookie,
      fields: () => ({}),
    },
  ];

  /** How a hostile page can send a request: each a set of headers and a body shape. */
  const forgeries: { name: string; headers: () => Record<string, string>; body: (fields: object) => string }[] = [
    { name: 'foreign Origin, JSON', headers: () => ({ origin: EVIL, 'content-type': 'application/json' }), body: json },
    {
      name: 'Origin: null (sandboxed frame)',
      headers: () => ({ origin: 'null', 'content-type': 'application/json' }),
      body: json,
    },
    { name: 'foreign Origin, text/plain', headers: () => ({ origin: EVIL, 'content-type': 'text/plain' }), body: json },
    {
      name: 'foreign Origin, urlencoded form',
      headers: () => ({ origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }),
      body: (fields) => new URLSearchParams(fields as Record<string, string>).toString(),
    },
    {
      name: 'foreign Origin, multipart form',
      headers: () => ({ origin: EVIL, 'content-type': 'multipart/form-data; boundary=XyZ' }),
      body: (fields) =>
        `${Object.entries(fields)
          .map(([key, value]) => `--XyZ\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`)
          .join('')}--XyZ--\r\n`,
    },
    { name: 'foreign Origin, no Content-Type', headers: () => ({ origin: EVIL }), body: json },
    {
      name: 'foreign Origin, upper-case JSON type',
      headers: () => ({ origin: EVIL, 'content-type': 'APPLICATION/JSON' }),
      body: json,
    },
    {
      name: 'no Origin, Sec-Fetch-Site: cross-site',
      headers: () => ({ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }),
      body: json,
    },
    {
      name: 'no Origin, Sec-Fetch-Site: same-site (a sibling subdomain)',
      headers: () => ({ 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }),
      body: json,
    },
    {
      name: 'foreign Origin claiming Sec-Fetch-Site: same-origin',
      headers: () => ({ origin: EVIL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }),
      body: json,
    },
    {
      name: 'same host, another port',
      headers: () => ({ origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }),
      body: json,
    },
    {
      name: 'same host and port, https',
      headers: () => ({ origin: server.origin.replace('http:', 'https:'), 'content-type': 'application/json' }),
      body: json,
    },
    {
      name: 'our origin as a prefix of theirs',
      headers: () => ({ origin: `${server.origin}.evil.example`, 'content-type': 'application/json' }),
      body: json,
    },
  ];
  function json(fields: object) {
    return JSON.stringify(fields);
  }

  describe.each(routes)('$method $name', (route) => {
    it.each(forgeries)('refuses $name with 403 cross_origin_request and changes nothing', async (forgery) => {
      const before = await snapshot();
      const cookie = route.cookie();
      const response = await rawRequest(server, {
        method: route.method,
        path: route.path(),
        headers: { ...forgery.headers(), ...(cookie ? { cookie } : {}) },
        body: forgery.body(route.fields()),
      });
      expect(response.status).toBe(403);
      expect(response.json()).toStrictEqual({
        error: { code: ErrorCode.crossOrigin, message: expect.any(String) },
      });
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(await snapshot()).toBe(before);
    });
  });

  it('still accepts same-origin requests, and requests from non-browser clients (no Origin, no Sec-Fetch-Site)', async () => {
    const create = (headers: Record<string, string>) =>
      rawRequest(server, {
        method: 'POST',
        path: '/api/entries',
        headers: { 'content-type': 'application/json', cookie: lead.cookie, ...headers },
        body: JSON.stringify({ title: 'Allowed', categoryId: 'hsj-partnership-long-term-partnership' }),
      });
    expect((await create({ origin: server.origin })).status).toBe(201);
    expect((await create({ 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await create({ 'sec-fetch-site': 'none' })).status).toBe(201);
    expect((await create({})).status).toBe(201);
  });

  it('never reflects a foreign origin: no Access-Control-Allow-Origin on preflights or responses', async () => {
    const check = (response: RawResponse) => {
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
      expect(response.headers['access-control-allow-methods']).toBeUndefined();
    };
    for (const route of routes) {
      const preflight = await rawRequest(server, {
        method: 'OPTIONS',
        path: route.path(),
        headers: {
          origin: EVIL,
          'access-control-request-method': route.method,
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).not.toBe(200);
      check(preflight);
    }
    // A read from a foreign page is answered (GET is safe) but the browser may not show it to that page.
    for (const urlPath of ['/api/me', `/api/entries/${entryId}`, '/api/entries']) {
      const read = await rawRequest(server, { path: urlPath, headers: { origin: EVIL, cookie: lead.cookie } });
      expect(read.status).toBe(200);
      check(read);
    }
  });
});
