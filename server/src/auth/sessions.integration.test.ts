import { ErrorCode } from '@jointly/shared';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from '../config.ts';
import { api, cookieFrom, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Sessions over real HTTP and SQLite (RELIABILITY D26–D29, D33, D34, L77).
 * Expiry is tested by moving the session row's timestamps, not by waiting.
 */

const MAX_AGE_SECONDS = SESSION_ABSOLUTE_TIMEOUT_MS / 1000;
const TOKEN = '[a-z2-7]+\\.[a-z2-7]+';

const tokenOf = (user: Pick<TestUser, 'cookie'>) => user.cookie.slice(user.cookie.indexOf('=') + 1);
const sessionIdOf = (user: Pick<TestUser, 'cookie'>) => tokenOf(user).split('.')[0]!;

describe('sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const db = () => server.services.database.db;
  const meStatus = async (cookie: string) => (await api(server, { cookie }, 'GET', '/api/me')).status;
  const sessionRow = (id: string) => db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();

  describe('cookie attributes (D34)', () => {
    it('sets exactly HttpOnly; SameSite=Lax; Path=/, no Domain and no Secure over http, on sign-up and sign-in', async () => {
      const signup = await api(server, null, 'POST', '/api/auth/signup', {
        email: `cookie-${Date.now()}@example.nhs.uk`,
        password: 'correct horse battery staple',
        name: 'Cookie Test',
        organisationName: 'Cookie Org',
        organisationKind: 'supplier',
      });
      expect(signup.status).toBe(201);
      const exact = new RegExp(
        `^jointly_session=${TOKEN}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax$`,
      );
      expect(signup.headers.getSetCookie()).toHaveLength(1);
      expect(signup.headers.get('set-cookie')).toMatch(exact);

      const me = (await signup.json()) as { user: { email: string } };
      const login = await api(server, null, 'POST', '/api/auth/login', {
        email: me.user.email,
        password: 'correct horse battery staple',
      });
      expect(login.status).toBe(200);
      expect(login.headers.getSetCookie()).toHaveLength(1);
      expect(login.headers.get('set-cookie')).toMatch(exact);
      expect(login.headers.get('set-cookie')).not.toMatch(/domain=/i);
    });

    it('reads the session cookie among others', async () => {
      const user = await signUpUser(server);
      expect(await meStatus(`theme=dark; ${user.cookie}; other=x=y`)).toBe(200);
    });
  });

  describe('expiry (D29, L77)', () => {
    it('ends a session idle for longer than the idle timeout, and deletes it', async () => {
      const user = await signUpUser(server);
      await db()
        .updateTable('sessions')
        .set({ last_active_at: Date.now() - SESSION_IDLE_TIMEOUT_MS - 1000 })
        .where('id', '=', sessionIdOf(user))
        .execute();
      const response = await api(server, user, 'GET', '/api/me');
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.unauthenticated);
      expect(await sessionRow(sessionIdOf(user))).toBeUndefined();
    });

    it('keeps a session used within the idle timeout, and slides its window forward', async () => {
      const user = await signUpUser(server);
      const earlier = Date.now() - SESSION_IDLE_TIMEOUT_MS + 60_000;
      await db().updateTable('sessions').set({ last_active_at: earlier }).where('id', '=', sessionIdOf(user)).execute();
      expect(await meStatus(user.cookie)).toBe(200);
      const row = await sessionRow(sessionIdOf(user));
      expect(row!.last_active_at).toBeGreaterThan(Date.now() - 10_000);
    });

    it('ends a session older than the absolute timeout however active it is', async () => {
      const user = await signUpUser(server);
      await db()
        .updateTable('sessions')
        .set({ created_at: Date.now() - SESSION_ABSOLUTE_TIMEOUT_MS - 1000, last_active_at: Date.now() })
        .where('id', '=', sessionIdOf(user))
        .execute();
      expect(await meStatus(user.cookie)).toBe(401);
      expect(await sessionRow(sessionIdOf(user))).toBeUndefined();
    });

    it('does not extend a session whose last activity lies in the future (clock stepped back)', async () => {
      const user = await signUpUser(server);
      await db()
        .updateTable('sessions')
        .set({ last_active_at: Date.now() + 10 * 60_000 })
        .where('id', '=', sessionIdOf(user))
        .execute();
      expect(await meStatus(user.cookie)).toBe(401);
    });
  });

  describe('revocation (D28)', () => {
    it('signing out on one device ends only that session', async () => {
      const laptop = await signUpUser(server);
      const login = await api(server, null, 'POST', '/api/auth/login', {
        email: laptop.email,
        password: laptop.password,
      });
      const phone = { cookie: cookieFrom(login) };
      expect(await meStatus(phone.cookie)).toBe(200);

      expect((await api(server, phone, 'POST', '/api/auth/logout')).status).toBe(204);
      expect(await meStatus(phone.cookie)).toBe(401);
      expect(await meStatus(laptop.cookie)).toBe(200);

      // Ending every session of the user (password change, compromise) ends the rest.
      await server.services.sessions.invalidateUserSessions(laptop.me.user.id);
      expect(await meStatus(laptop.cookie)).toBe(401);
    });

    it('a session deleted from the database is dead at once', async () => {
      const user = await signUpUser(server);
      await db().deleteFrom('sessions').where('id', '=', sessionIdOf(user)).execute();
      expect(await meStatus(user.cookie)).toBe(401);
    });
  });

  describe('session fixation (D26)', () => {
    it("replaces a planted valid session (the attacker's own) on sign-in and ends it", async () => {
      const attacker = await signUpUser(server);
      const victim = await signUpUser(server);
      const login = await api(server, attacker, 'POST', '/api/auth/login', {
        email: victim.email,
        password: victim.password,
      });
      expect(login.status).toBe(200);
      const fresh = cookieFrom(login);
      expect(tokenOf({ cookie: fresh })).not.toBe(tokenOf(attacker));
      expect(await meStatus(attacker.cookie)).toBe(401);
      const me = await api(server, { cookie: fresh }, 'GET', '/api/me');
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(victim.me.user.id);
    });

    it('replaces a planted made-up token on sign-in and on sign-up', async () => {
      const planted = 'jointly_session=aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
      const victim = await signUpUser(server);
      const login = await api(server, { cookie: planted }, 'POST', '/api/auth/login', {
        email: victim.email,
        password: victim.password,
      });
      expect(login.status).toBe(200);
      expect(cookieFrom(login)).not.toBe(planted);
      expect(await meStatus(planted)).toBe(401);

      const signup = await api(server, { cookie: planted }, 'POST', '/api/auth/signup', {
        email: `fixation-${Date.now()}@example.nhs.uk`,
        password: 'correct horse battery staple',
        name: 'Fixation Test',
        organisationName: 'Fixation Org',
        organisationKind: 'other',
      });
      expect(signup.status).toBe(201);
      expect(cookieFrom(signup)).not.toBe(planted);
      expect(await meStatus(cookieFrom(signup))).toBe(200);
    });

    it('ends the planted session on sign-up as well', async () => {
      const attacker = await signUpUser(server);
      const signup = await api(server, attacker, 'POST', '/api/auth/signup', {
        email: `fixation-signup-${Date.now()}@example.nhs.uk`,
        password: 'correct horse battery staple',
        name: 'New Person',
        organisationName: 'Fixation Org',
        organisationKind: 'other',
      });
      expect(signup.status).toBe(201);
      expect(cookieFrom(signup)).not.toBe(attacker.cookie);
      expect(await meStatus(attacker.cookie)).toBe(401);
    });
  });

  describe('where the token may come from (D27)', () => {
    it('ignores a token in the query string, an Authorization header or a custom header', async () => {
      const user = await signUpUser(server);
      const token = tokenOf(user);
      for (const query of [`jointly_session=${token}`, `session=${token}`, `token=${token}`]) {
        expect((await api(server, null, 'GET', `/api/me?${query}`)).status, query).toBe(401);
      }
      for (const headers of [{ authorization: `Bearer ${token}` }, { 'x-session-token': token }] as Record<
        string,
        string
      >[]) {
        const response = await fetch(`${server.origin}/api/me`, { headers });
        expect(response.status).toBe(401);
      }
    });

    it('ignores a token in a form field: signing out with it in the body ends nothing', async () => {
      const user = await signUpUser(server);
      const response = await fetch(`${server.origin}/api/auth/logout`, {
        method: 'POST',
        headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: `jointly_session=${encodeURIComponent(tokenOf(user))}`,
      });
      expect(response.status).toBe(204);
      expect(await meStatus(user.cookie)).toBe(200);
    });
  });

  describe('a leaked sessions table (D33)', () => {
    it('stores only a SHA-256 of the secret, and the stored hash does not work as a cookie', async () => {
      const user = await signUpUser(server);
      const [id, secret] = tokenOf(user).split('.') as [string, string];
      const row = (await sessionRow(id))!;
      const stored = Buffer.from(row.secret_hash);
      expect(stored).toHaveLength(32);
      expect(stored.equals(Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))))).toBe(
        true,
      );
      expect(JSON.stringify(row)).not.toContain(secret);

      const encodings = [
        stored.toString('hex'),
        stored.toString('base64url'),
        stored.toString('base64'),
        encodeBase32LowerCaseNoPadding(stored),
      ];
      for (const encoded of encodings) {
        expect(await meStatus(`jointly_session=${id}.${encoded}`), encoded).toBe(401);
      }
      expect(await meStatus(user.cookie)).toBe(200);
    });

    it('refuses malformed tokens and a right id with a wrong secret, without ending the real session', async () => {
      const user = await signUpUser(server);
      const [id, secret] = tokenOf(user).split('.') as [string, string];
      const wrongSecret = `${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
      for (const value of [
        `${id}.${wrongSecret}`,
        id,
        `${id}.`,
        `.${secret}`,
        `${id}.${secret}.${secret}`,
        `${id}.${secret}${'a'.repeat(200)}`,
        `${id.toUpperCase()}.${secret.toUpperCase()}`,
        '',
      ]) {
        const response = await api(server, { cookie: `jointly_session=${value}` }, 'GET', '/api/me');
        expect(response.status, value).toBe(401);
      }
      expect(await meStatus(user.cookie)).toBe(200);
    });
  });
});

describe('over https (PUBLIC_URL=https://…) (D34)', () => {
  const publicOrigin = 'https://jointly.example.nhs.uk';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: `${publicOrigin}/` });
  });
  afterAll(() => server.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { origin: publicOrigin, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('names the cookie __Host-… and marks it Secure, with no Domain', async () => {
    const signup = await post('/api/auth/signup', {
      email: `secure-${Date.now()}@example.nhs.uk`,
      password: 'correct horse battery staple',
      name: 'Secure Test',
      organisationName: 'Secure Org',
      organisationKind: 'nhs_provider',
    });
    expect(signup.status).toBe(201);
    const setCookie = signup.headers.get('set-cookie');
    expect(setCookie).toMatch(
      new RegExp(
        `^__Host-jointly_session=${TOKEN}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax; Secure$`,
      ),
    );
    const cookie = cookieFrom(signup);
    expect((await fetch(`${server.origin}/api/me`, { headers: { cookie } })).status).toBe(200);

    // The same token under the unprefixed name (settable by a sibling subdomain) is not read.
    const unprefixed = cookie.replace('__Host-', '');
    expect((await fetch(`${server.origin}/api/me`, { headers: { cookie: unprefixed } })).status).toBe(401);

    const logout = await post('/api/auth/logout', undefined, { cookie });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toBe(
      '__Host-jointly_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    );
    expect((await fetch(`${server.origin}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('takes the expected origin from PUBLIC_URL, not from the Host header', async () => {
    const response = await post(
      '/api/auth/login',
      { email: 'someone@example.nhs.uk', password: 'whatever it is' },
      { origin: server.origin },
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.crossOrigin);
  });
});
