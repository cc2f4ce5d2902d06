import { type AccountSessionDto, type CommentThreadDto, type ErrorBody, ErrorCode, type MeDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, whenProviderClosed, whenSynced } from '../collab/testing/collabClients.ts';
import { PASSWORD_CHECKS_PER_ACCOUNT } from '../limits/accountEmailLimits.ts';
import { addMember, api, cookieFrom, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { linksTo, linkTokenFor } from './testing/accountLinks.ts';

/**
 * A signed-in person manages their own account (issue 15) through the real server, on SQLite and
 * PostgreSQL: name, password (other sessions end), email (confirmed by a link to the new address
 * first), devices (listed; one or all others signed out, live sockets closed), and deletion (refused
 * while the only lead; afterwards the account's comments read "Former member of <organisation>").
 */

const SECTION = 'context-and-evolution';
const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

describe.each(TEST_DATABASES)('account management on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let sink: SmtpSink;
  let server: TestServer;
  const login = (email: string, password: string) => api(server, null, 'POST', '/api/auth/login', { email, password });
  const me = async (cookie: string) => {
    const response = await api(server, { cookie }, 'GET', '/api/me');
    return response.status === 200 ? ((await response.json()) as MeDto) : null;
  };
  const sessionsOf = async (user: Pick<TestUser, 'cookie'>) =>
    ((await (await api(server, user, 'GET', '/api/account/sessions')).json()) as { sessions: AccountSessionDto[] })
      .sessions;

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

  it('changes the name, and refuses one with control characters', async () => {
    const user = await signUpUser(server);
    const renamed = await api(server, user, 'PATCH', '/api/account/name', { name: 'Ada Lovelace' });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as MeDto).user.name).toBe('Ada Lovelace');
    expect((await api(server, user, 'PATCH', '/api/account/name', { name: 'Ada\u202e' })).status).toBe(400);
    expect((await me(user.cookie))?.user.name).toBe('Ada Lovelace');
    expect((await api(server, null, 'PATCH', '/api/account/name', { name: 'X' })).status).toBe(401);
  });

  it('changes the password with the current one; the other sessions end, this one stays', async () => {
    const user = await signUpUser(server);
    const other = cookieFrom(await login(user.email, user.password));
    const wrong = await api(server, user, 'POST', '/api/account/password', {
      currentPassword: 'not my password at all',
      newPassword: 'a new long passphrase',
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as ErrorBody).error.issues?.[0]?.path).toBe('currentPassword');
    expect(await me(other)).not.toBeNull();
    const changed = await api(server, user, 'POST', '/api/account/password', {
      currentPassword: user.password,
      newPassword: 'a new long passphrase',
    });
    expect(changed.status).toBe(204);
    expect(await me(user.cookie)).not.toBeNull();
    expect(await me(other)).toBeNull();
    expect((await login(user.email, 'a new long passphrase')).status).toBe(200);
  });

  it('changes the email only once the new address opens its link; another account’s address is refused', async () => {
    const user = await signUpUser(server);
    const taken = await signUpUser(server);
    const refused = await api(server, user, 'POST', '/api/account/email', {
      email: taken.email,
      currentPassword: user.password,
    });
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe(ErrorCode.emailTaken);

    const next = `moved-${Date.now()}@example.nhs.uk`;
    const asked = await api(server, user, 'POST', '/api/account/email', {
      email: next,
      currentPassword: user.password,
    });
    expect(asked.status).toBe(202);
    const token = await linkTokenFor(sink, next, 'confirm-email');
    // Until then the old address is the account's, and signs in.
    expect((await me(user.cookie))?.user.email).toBe(user.email);
    expect((await login(user.email, user.password)).status).toBe(200);

    expect((await api(server, null, 'POST', `/api/auth/email-change/${token}`)).status).toBe(204);
    const now = await me(user.cookie);
    expect(now?.user.email).toBe(next);
    expect(now?.user.emailVerified).toBe(true);
    expect((await login(next, user.password)).status).toBe(200);
    expect(await codeOf(await api(server, null, 'POST', `/api/auth/email-change/${token}`))).toBe(
      ErrorCode.linkInvalid,
    );
  });

  it('lists the devices, marks this one, signs out one (its socket closed) and then all the others', async () => {
    const user = await signUpUser(server);
    const entry = await createEntry(server, user);
    const phone = { cookie: cookieFrom(await login(user.email, user.password)) };
    const tablet = { cookie: cookieFrom(await login(user.email, user.password)) };
    const listed = await sessionsOf(user);
    expect(listed).toHaveLength(3);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = (await sessionsOf(phone)).find((s) => s.current)!;

    const provider = openProvider(server, phone, entry.id);
    await whenSynced(provider);
    const closed = whenProviderClosed(provider);
    const stranger = await signUpUser(server);
    expect((await api(server, stranger, 'DELETE', `/api/account/sessions/${phoneSession.id}`)).status).toBe(404);
    expect((await api(server, user, 'DELETE', `/api/account/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await closed).code).toBe(4401);
    provider.destroy();
    expect(await me(phone.cookie)).toBeNull();
    expect(await me(tablet.cookie)).not.toBeNull();

    expect((await api(server, user, 'POST', '/api/account/sessions/sign-out-others')).status).toBe(204);
    expect(await me(tablet.cookie)).toBeNull();
    expect(await me(user.cookie)).not.toBeNull();
    expect(await sessionsOf(user)).toHaveLength(1);
  });

  it('deletes an account: refused while the only lead; then memberships go and comments read “Former member of …”', async () => {
    const lead = await signUpUser(server);
    const partner = await signUpUser(server, { organisationName: `Acme Digital ${Date.now()}` });
    const entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, partner, 'contributor');
    const posted = await api(server, partner, 'POST', `/api/entries/${entry.id}/sections/${SECTION}/comments`, {
      body: 'We measured this in 2024.',
    });
    expect(posted.status).toBe(201);

    const onlyLead = await api(server, lead, 'POST', '/api/account/delete', { currentPassword: lead.password });
    expect(onlyLead.status).toBe(409);
    expect(await codeOf(onlyLead)).toBe(ErrorCode.lastLead);
    expect(await me(lead.cookie)).not.toBeNull();

    const wrong = await api(server, partner, 'POST', '/api/account/delete', { currentPassword: 'not the password!' });
    expect(wrong.status).toBe(400);
    const deleted = await api(server, partner, 'POST', '/api/account/delete', { currentPassword: partner.password });
    expect(deleted.status).toBe(204);
    expect(await me(partner.cookie)).toBeNull();
    expect((await login(partner.email, partner.password)).status).toBe(401);

    const members = (await (await api(server, lead, 'GET', `/api/entries/${entry.id}/members`)).json()) as {
      userId: string;
    }[];
    expect(members.some((m) => m.userId === partner.me.user.id)).toBe(false);
    const threads = (await (
      await api(server, lead, 'GET', `/api/entries/${entry.id}/sections/${SECTION}/comments`)
    ).json()) as CommentThreadDto[];
    expect(threads[0]?.author.name).toBe(`Former member of ${partner.me.organisation.name}`);
    expect(threads[0]?.body).toBe('We measured this in 2024.');
    // The address is free again.
    expect(
      (
        await api(server, null, 'POST', '/api/auth/signup', {
          email: partner.email,
          password: partner.password,
          name: 'Someone New',
          organisationName: 'Another Trust',
          organisationKind: 'nhs_trust',
        })
      ).status,
    ).toBe(201);
  });

  it('limits current-password checks per account, so a stolen session cannot guess the password', async () => {
    const user = await signUpUser(server);
    const tries = (currentPassword: string) =>
      api(server, user, 'POST', '/api/account/password', { currentPassword, newPassword: 'another long passphrase' });
    for (let n = 0; n < PASSWORD_CHECKS_PER_ACCOUNT.capacity; n++)
      expect((await tries(`guess number ${n}`)).status).toBe(400);
    const limited = await tries(user.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('limits verification links per account with 429 and Retry-After', async () => {
    const user = await signUpUser(server);
    await linkTokenFor(sink, user.email, 'verify-email');
    // Sign-up's link and two more fill the address's three; the next is refused.
    for (let i = 0; i < 2; i++) expect((await api(server, user, 'POST', '/api/account/verification')).status).toBe(202);
    const limited = await api(server, user, 'POST', '/api/account/verification');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expect.poll(() => linksTo(sink, user.email)).toBe(3);
  });
});
