import { type ErrorBody, ErrorCode, type MeDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, whenProviderClosed, whenSynced } from '../collab/testing/collabClients.ts';
import { api, cookieFrom, createEntry, signUpUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { linksTo, linkTokenFor } from './testing/accountLinks.ts';

/**
 * Password reset and address verification (issue 15) through the real server and a real SMTP
 * sink, on SQLite and PostgreSQL: the same answer for any address, single-use expiring links stored
 * only as hashes, every session (and live socket) ended on reset, the endorse refusal until the
 * address is verified, an accepted invitation proving the address, and the e-mail rate limits.
 */

const NEW_PASSWORD = 'a brand new passphrase';
const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

describe.each(TEST_DATABASES)('account recovery on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let sink: SmtpSink;
  let server: TestServer;
  const login = (email: string, password: string) => api(server, null, 'POST', '/api/auth/login', { email, password });
  const me = async (cookie: string) => {
    const response = await api(server, { cookie }, 'GET', '/api/me');
    return response.status === 200 ? ((await response.json()) as MeDto) : null;
  };

  beforeAll(async () => {
    store = await makeStore();
    sink = await startSmtpSink();
    server = await startTestServer({ ...store.env, SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await store?.drop();
  });

  it('answers a reset request the same for an unknown address, and sends it nothing', async () => {
    const user = await signUpUser(server);
    const known = await api(server, null, 'POST', '/api/auth/password-reset', { email: user.email });
    const unknown = await api(server, null, 'POST', '/api/auth/password-reset', { email: 'nobody@example.org' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());
    await linkTokenFor(sink, user.email, 'reset-password');
    expect(linksTo(sink, 'nobody@example.org')).toBe(0);
    const invalid = await api(server, null, 'POST', '/api/auth/password-reset', { email: 'not an address' });
    expect(invalid.status).toBe(400);
  });

  it('resets the password once, ends every session and closes a live socket; the hash alone is stored', async () => {
    const user = await signUpUser(server);
    const entry = await createEntry(server, user);
    const other = cookieFrom(await login(user.email, user.password));
    const provider = openProvider(server, user, entry.id);
    await whenSynced(provider);
    const closed = whenProviderClosed(provider);

    await api(server, null, 'POST', '/api/auth/password-reset', { email: user.email });
    const token = await linkTokenFor(sink, user.email, 'reset-password');
    const stored = await server.services.database.db.selectFrom('account_tokens').selectAll().execute();
    expect(stored.some((row) => row.token_hash === token)).toBe(false);

    const weak = await api(server, null, 'POST', `/api/auth/password-reset/${token}`, { password: 'short' });
    expect(weak.status).toBe(400);
    const reset = await api(server, null, 'POST', `/api/auth/password-reset/${token}`, { password: NEW_PASSWORD });
    expect(reset.status).toBe(204);
    expect((await closed).code).toBe(4401);
    provider.destroy();
    expect(await me(user.cookie)).toBeNull();
    expect(await me(other)).toBeNull();
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);

    const again = await api(server, null, 'POST', `/api/auth/password-reset/${token}`, {
      password: 'yet another passphrase',
    });
    expect(again.status).toBe(400);
    expect(await codeOf(again)).toBe(ErrorCode.linkInvalid);
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
    // Last: a failure holds this address's next sign-in attempt back for a moment (auth/throttleStore.ts).
    expect((await login(user.email, user.password)).status).toBe(401);
  });

  it('refuses an expired reset link', async () => {
    const user = await signUpUser(server);
    await api(server, null, 'POST', '/api/auth/password-reset', { email: user.email });
    const token = await linkTokenFor(sink, user.email, 'reset-password');
    await server.services.database.db
      .updateTable('account_tokens')
      .set({ expires_at: Date.now() - 1 })
      .where('user_id', '=', user.me.user.id)
      .execute();
    const response = await api(server, null, 'POST', `/api/auth/password-reset/${token}`, { password: NEW_PASSWORD });
    expect(await codeOf(response)).toBe(ErrorCode.linkInvalid);
    expect((await login(user.email, user.password)).status).toBe(200);
    const garbage = await api(server, null, 'POST', '/api/auth/password-reset/x', { password: NEW_PASSWORD });
    expect(await codeOf(garbage)).toBe(ErrorCode.linkInvalid);
  });

  it('verifies the address from the sign-up e-mail; until then endorsing is refused with 409 email_unverified', async () => {
    const lead = await signUpUser(server);
    const outsider = await signUpUser(server);
    expect((await me(lead.cookie))?.user.emailVerified).toBe(false);
    const entry = await createEntry(server, lead);
    const refused = await api(server, lead, 'POST', `/api/entries/${entry.id}/endorse`);
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe(ErrorCode.emailUnverified);
    // A non-member is told nothing more than that the entry is not there.
    expect((await api(server, outsider, 'POST', `/api/entries/${entry.id}/endorse`)).status).toBe(404);

    const first = await linkTokenFor(sink, lead.email, 'verify-email');
    // Asking again sends a new link; only the newest works.
    expect((await api(server, lead, 'POST', '/api/account/verification')).status).toBe(202);
    await expect.poll(() => linksTo(sink, lead.email)).toBe(2);
    const second = await linkTokenFor(sink, lead.email, 'verify-email');
    expect(second).not.toBe(first);
    expect(await codeOf(await api(server, null, 'POST', `/api/auth/verify-email/${first}`))).toBe(
      ErrorCode.linkInvalid,
    );
    expect((await api(server, null, 'POST', `/api/auth/verify-email/${second}`)).status).toBe(204);
    expect((await me(lead.cookie))?.user.emailVerified).toBe(true);
    expect((await api(server, lead, 'POST', `/api/entries/${entry.id}/endorse`)).status).toBe(201);
  });

  it('asks for a verified address only when it can send the link (GET /api/account/verification)', async () => {
    const user = await signUpUser(server);
    const answer = await api(server, user, 'GET', '/api/account/verification');
    expect(await answer.json()).toEqual({ emailVerified: false, required: true });
    const noMail = await startTestServer(store.env.DATABASE_URL ? { DATABASE_URL: store.env.DATABASE_URL } : {});
    try {
      const local = await signUpUser(noMail);
      const entry = await createEntry(noMail, local);
      expect(await (await api(noMail, local, 'GET', '/api/account/verification')).json()).toEqual({
        emailVerified: false,
        required: false,
      });
      // Nobody could verify without mail, so endorsing is not held back there.
      expect((await api(noMail, local, 'POST', `/api/entries/${entry.id}/endorse`)).status).toBe(201);
    } finally {
      await noMail.close();
    }
  });

  it('an invitation accepted by its own address verifies the account', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const email = `partner-${Date.now()}@supplier.example`;
    const invited = await api(server, lead, 'POST', `/api/entries/${entry.id}/invitations`, {
      email,
      role: 'contributor',
    });
    const { token } = (await invited.json()) as { token: string };
    const partner = await signUpUser(server, { email });
    expect((await me(partner.cookie))?.user.emailVerified).toBe(false);
    expect((await api(server, partner, 'POST', `/api/invitations/${token}/accept`)).status).toBe(200);
    expect((await me(partner.cookie))?.user.emailVerified).toBe(true);
  });

  it('limits reset e-mails per address with 429 and Retry-After, for unknown addresses alike', async () => {
    for (const email of [(await signUpUser(server)).email, `unknown-${Date.now()}@example.org`]) {
      for (let i = 0; i < 3; i++) {
        expect((await api(server, null, 'POST', '/api/auth/password-reset', { email })).status).toBe(202);
      }
      const limited = await api(server, null, 'POST', '/api/auth/password-reset', { email });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await codeOf(limited)).toBe(ErrorCode.rateLimited);
    }
  });
});
