import {
  type EntryDto,
  type ErrorBody,
  ErrorCode,
  type MeDto,
  type OrganisationSearchDto,
  type SubmitConditionsDto,
} from '@jointly/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTokenFor, unwrapped } from '../accounts/testing/accountLinks.ts';
import { addMember, api, cookieFrom, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { TEST_DATABASES } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Organisations are real, managed things (issue 15), through the real server on SQLite and
 * PostgreSQL with a real SMTP sink: one organisation per name whatever the case, spacing or kind
 * (also when several people create it at once); the search the sign-up picker reads; joining by a
 * verified address on a verified domain, or as pending until an admin confirms; and a pending
 * member's endorsement refused with nothing changed.
 */
const stores = TEST_DATABASES;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

describe.each(stores)('joining organisations on %s', (_name, makeStore) => {
  let store: Awaited<ReturnType<(typeof stores)[number][1]>>;
  let sink: SmtpSink;
  let server: TestServer;
  const db = () => server.services.database.db;
  const me = async (user: Pick<TestUser, 'cookie'>) =>
    (await (await api(server, user, 'GET', '/api/me')).json()) as MeDto;
  /** Opens the verification link sent at sign-up, as the person would. */
  const verify = async (user: TestUser) => {
    const token = await linkTokenFor(sink, user.email, 'verify-email');
    expect((await api(server, null, 'POST', `/api/auth/verify-email/${token}`)).status).toBe(204);
  };
  const organisationsNamed = async (nameKey: string) =>
    (await db().selectFrom('organisations').select(['id', 'name']).where('name_key', '=', nameKey).execute()).length;

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

  it('keeps one organisation per name: another case, spacing or kind joins it, as pending', async () => {
    const name = `Leeds Teaching Hospitals ${unique()}`;
    const admin = await signUpUser(server, { organisationName: name, organisationKind: 'nhs_trust' });
    expect(admin.me.user).toMatchObject({ organisationStatus: 'confirmed', organisationRole: 'admin' });
    const other = await signUpUser(server, {
      organisationName: `  ${name.toUpperCase().replace(/ /g, '   ')} `,
      organisationKind: 'supplier',
    });
    expect(other.me.organisation).toEqual(admin.me.organisation);
    expect(other.me.organisation.kind).toBe('nhs_trust');
    expect(other.me.user).toMatchObject({ organisationStatus: 'pending', organisationRole: 'member' });
    expect((await me(other)).user.organisationStatus).toBe('pending');
    expect(await organisationsNamed(name.toLowerCase())).toBe(1);
    // The database itself refuses a second row for the name, whatever its kind.
    await expect(
      db()
        .insertInto('organisations')
        .values({ id: `x${unique()}`, name, name_key: name.toLowerCase(), kind: 'other', created_at: Date.now() })
        .execute(),
    ).rejects.toThrow();
  });

  it('makes one organisation, and one admin, of several people creating the same new name at once', async () => {
    const name = `Concurrent Care ${unique()}`;
    const spellings = [name, name.toLowerCase(), ` ${name} `, name.toUpperCase(), name.replace(' ', '  '), name];
    const people = await Promise.all(
      spellings.map((spelling, i) =>
        signUpUser(server, { organisationName: spelling, organisationKind: i % 2 ? 'supplier' : 'third_sector' }),
      ),
    );
    expect(new Set(people.map((p) => p.me.organisation.id)).size).toBe(1);
    expect(await organisationsNamed(name.toLowerCase())).toBe(1);
    const standings = people.map((p) => `${p.me.user.organisationStatus}/${p.me.user.organisationRole}`).sort();
    expect(standings).toEqual(['confirmed/admin', ...Array(5).fill('pending/member')]);
  });

  it('finds organisations for the picker by part of the name or an ODS code, without people', async () => {
    const tag = unique();
    const admin = await signUpUser(server, { organisationName: `Bradford District Care ${tag}` });
    await signUpUser(server, { organisationName: `Care ${tag} Partnership`, organisationKind: 'third_sector' });
    const ods = `Q${tag
      .slice(-4)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '7')}`.slice(0, 6);
    const patched = await api(server, admin, 'PATCH', `/api/organisations/${admin.me.organisation.id}`, {
      odsCode: ods.toLowerCase(),
    });
    expect(patched.status).toBe(200);
    const search = async (query: string) => {
      const response = await api(server, null, 'GET', `/api/organisations?query=${encodeURIComponent(query)}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as OrganisationSearchDto).organisations;
    };
    const found = await search(`CARE ${tag}`);
    // Names starting with the text come first.
    expect(found.map((o) => o.name)).toEqual([`Care ${tag} Partnership`, `Bradford District Care ${tag}`]);
    expect(Object.keys(found[0]!).sort()).toEqual(['id', 'kind', 'name', 'odsCode']);
    expect((await search(ods.toLowerCase())).map((o) => o.id)).toContain(admin.me.organisation.id);
    // LIKE's own characters match only themselves.
    expect(await search(`%${tag}`)).toEqual([]);
    for (const query of ['', 'a', 'x'.repeat(201), 'bad\u202etext']) {
      const refused = await api(server, null, 'GET', `/api/organisations?query=${encodeURIComponent(query)}`);
      expect(refused.status).toBe(400);
    }
    expect((await api(server, null, 'GET', '/api/organisations')).status).toBe(400);
  });

  it('joins an organisation picked by id, and refuses an unknown or doubled choice creating nothing', async () => {
    const admin = await signUpUser(server);
    const body = (extra: Record<string, unknown>) => ({
      email: `picked-${unique()}@example.nhs.uk`,
      password: 'correct horse battery staple',
      name: 'Picked Person',
      ...extra,
    });
    const users = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from users`.execute(db())).rows[0]!.n);
    const before = await users();
    for (const extra of [
      { organisationId: 'nosuchorganisation' },
      { organisationId: admin.me.organisation.id, organisationName: 'Another', organisationKind: 'other' },
      { organisationName: 'Only a name' },
      {},
    ]) {
      const refused = await api(server, null, 'POST', '/api/auth/signup', body(extra));
      expect(refused.status).toBe(400);
      expect(await codeOf(refused)).toBe(ErrorCode.validation);
    }
    expect(await users()).toBe(before);
    const picked = await api(
      server,
      null,
      'POST',
      '/api/auth/signup',
      body({ organisationId: admin.me.organisation.id }),
    );
    expect(picked.status).toBe(201);
    const joined = (await picked.json()) as MeDto;
    expect(joined.organisation).toEqual(admin.me.organisation);
    expect(joined.user).toMatchObject({ organisationStatus: 'pending', organisationRole: 'member' });
  });

  it('confirms at once a verified address on a verified domain; an unverified one once it is verified', async () => {
    const domain = `trust-${unique()}.example.org`;
    const admin = await signUpUser(server, { email: `admin@${domain}` });
    await verify(admin);
    const added = await api(server, admin, 'POST', `/api/organisations/${admin.me.organisation.id}/domains`, {
      domain: `@${domain.toUpperCase()}`,
    });
    expect(added.status).toBe(201);
    // Signing up proves no address: pending until the link is opened, then confirmed by the domain.
    const colleague = await signUpUser(server, {
      email: `colleague@${domain}`,
      organisationId: admin.me.organisation.id,
    });
    expect(colleague.me.user.organisationStatus).toBe('pending');
    await verify(colleague);
    expect((await me(colleague)).user.organisationStatus).toBe('confirmed');
    // An address elsewhere stays pending when verified, until an admin confirms it.
    const outsider = await signUpUser(server, {
      email: `someone-${unique()}@elsewhere.example.org`,
      organisationName: admin.me.organisation.name,
      organisationKind: 'other',
    });
    await verify(outsider);
    expect((await me(outsider)).user.organisationStatus).toBe('pending');
    const confirmed = await api(
      server,
      admin,
      'POST',
      `/api/organisations/${admin.me.organisation.id}/members/${outsider.me.user.id}/confirm`,
    );
    expect(confirmed.status).toBe(200);
    expect((await me(outsider)).user.organisationStatus).toBe('confirmed');
    // Each confirmation is in the organisation's audit log, in its own words.
    const records = await db()
      .selectFrom('audit_log')
      .select(['action', 'subject_user_id', 'detail'])
      .where('organisation_id', '=', admin.me.organisation.id)
      .where('action', '=', 'organisation.member_confirmed')
      .execute();
    expect(records.map((r) => [r.subject_user_id, JSON.parse(r.detail).by])).toEqual(
      expect.arrayContaining([
        [colleague.me.user.id, 'domain'],
        [outsider.me.user.id, 'admin'],
      ]),
    );
  });

  it('confirms pending people already verified on a domain when an admin adds it', async () => {
    const domain = `beta-${unique()}.example.org`;
    const admin = await signUpUser(server, { email: `lead@${domain}` });
    const waiting = await signUpUser(server, { email: `waiting@${domain}`, organisationId: admin.me.organisation.id });
    await verify(waiting);
    expect((await me(waiting)).user.organisationStatus).toBe('pending');
    // The admin's own address must be verified on the domain first.
    const unproven = await api(server, admin, 'POST', `/api/organisations/${admin.me.organisation.id}/domains`, {
      domain,
    });
    expect(unproven.status).toBe(403);
    expect(await codeOf(unproven)).toBe(ErrorCode.domainUnproven);
    await verify(admin);
    expect(
      (await api(server, admin, 'POST', `/api/organisations/${admin.me.organisation.id}/domains`, { domain })).status,
    ).toBe(201);
    expect((await me(waiting)).user.organisationStatus).toBe('confirmed');
  });

  it('refuses an unconfirmed member’s endorsement with nothing changed, and takes it once confirmed', async () => {
    const admin = await signUpUser(server);
    const pending = await signUpUser(server, { organisationId: admin.me.organisation.id });
    await verify(pending);
    // A pending member may start an entry (its lead) and write; it cannot speak for the organisation.
    const entry = await createEntry(server, pending);
    const partner = await signUpUser(server);
    await addMember(server, pending, entry.id, partner, 'lead');
    const refused = await api(server, pending, 'POST', `/api/entries/${entry.id}/endorse`);
    expect(refused.status).toBe(409);
    const error = ((await refused.json()) as ErrorBody).error;
    expect(error.code).toBe(ErrorCode.organisationUnconfirmed);
    expect(error.message).toContain(admin.me.organisation.name);
    const read = async () => (await (await api(server, partner, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
    expect((await read()).endorsements).toEqual([]);
    expect(await db().selectFrom('endorsements').selectAll().where('entry_id', '=', entry.id).execute()).toEqual([]);
    const standing = (dto: EntryDto) => Object.fromEntries(dto.members.map((m) => [m.userId, m.organisationStatus]));
    expect(standing(await read())).toEqual({
      [pending.me.user.id]: 'pending',
      [partner.me.user.id]: 'confirmed',
    });
    // Submit names what would let the organisation endorse.
    const conditions = (await (
      await api(server, partner, 'GET', `/api/entries/${entry.id}/submit-conditions`)
    ).json()) as SubmitConditionsDto;
    expect(conditions.issues.find((i) => i.path === `endorsements.${admin.me.organisation.id}`)?.message).toContain(
      'not yet confirmed members',
    );
    // A non-member is still 404 first.
    expect((await api(server, admin, 'POST', `/api/entries/${entry.id}/endorse`)).status).toBe(404);

    await api(
      server,
      admin,
      'POST',
      `/api/organisations/${admin.me.organisation.id}/members/${pending.me.user.id}/confirm`,
    );
    expect(standing(await read())[pending.me.user.id]).toBe('confirmed');
    // The same session: its standing is read afresh.
    expect((await api(server, pending, 'POST', `/api/entries/${entry.id}/endorse`)).status).toBe(201);
    expect((await read()).endorsements?.map((e) => e.organisation.id)).toEqual([admin.me.organisation.id]);
  });

  it('tells the admins by e-mail that someone is waiting, and lists it in their tasks', async () => {
    const admin = await signUpUser(server);
    const pending = await signUpUser(server, { organisationId: admin.me.organisation.id });
    const alerts = () =>
      sink.accountMessages.filter((m) => m.to.includes(admin.email) && unwrapped(m.body).includes('waiting to join'));
    await expect.poll(() => alerts().length).toBe(1);
    expect(unwrapped(alerts()[0]!.body)).toContain(`${pending.me.user.name} (${pending.email})`);
    expect(
      sink.accountMessages.filter((m) => m.to.includes(pending.email) && m.body.includes('waiting to join')),
    ).toEqual([]);
    const tasks = (await (await api(server, admin, 'GET', '/api/tasks')).json()) as {
      tasks: { kind: string; count?: number; href: string }[];
    };
    expect(tasks.tasks).toContainEqual(
      expect.objectContaining({ kind: 'members_to_confirm', count: 1, href: '/organisation' }),
    );
    // A fresh sign-in answers the same standing as /api/me.
    const login = await api(server, null, 'POST', '/api/auth/login', {
      email: pending.email,
      password: pending.password,
    });
    expect(((await login.json()) as MeDto).user.organisationStatus).toBe('pending');
    expect((await me({ cookie: cookieFrom(login) })).user.organisationStatus).toBe('pending');
  });
});
