import {
  type ErrorBody,
  ErrorCode,
  type MeDto,
  type OrganisationDetailDto,
  type OrganisationEntriesDto,
  type OrganisationMemberDto,
  type OrganisationMembersDto,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTokenFor } from '../accounts/testing/accountLinks.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { TEST_DATABASES } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { ORGANISATION_SEARCHES_PER_IP } from './organisationLimits.ts';

/**
 * What an organisation's admins do (issue 15), through the real server on SQLite and PostgreSQL:
 * every admin route refuses a member who is not an admin (403) and anyone of another organisation
 * (404, as for no organisation at all); an organisation keeps an admin; identifiers are checked
 * for their format; public and shared mail domains are refused with the reason.
 */
const stores = TEST_DATABASES;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

describe.each(stores)('organisation admins on %s', (_name, makeStore) => {
  let store: Awaited<ReturnType<(typeof stores)[number][1]>>;
  let sink: SmtpSink;
  let server: TestServer;
  const verify = async (user: TestUser) => {
    const token = await linkTokenFor(sink, user.email, 'verify-email');
    expect((await api(server, null, 'POST', `/api/auth/verify-email/${token}`)).status).toBe(204);
  };
  const orgPath = (user: TestUser, rest = '') => `/api/organisations/${user.me.organisation.id}${rest}`;
  const member = async (admin: TestUser, userId: string) =>
    (
      (await (await api(server, admin, 'GET', orgPath(admin, '/members'))).json()) as OrganisationMembersDto
    ).members.find((m) => m.userId === userId);
  const setRole = (actor: TestUser, of: TestUser, target: TestUser, role: string) =>
    api(server, actor, 'PUT', orgPath(of, `/members/${target.me.user.id}/role`), { role });

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

  it('refuses every admin route to a member who is not an admin (403) and to other organisations (404)', async () => {
    const admin = await signUpUser(server);
    const pending = await signUpUser(server, { organisationId: admin.me.organisation.id });
    const confirmed = await signUpUser(server, { organisationId: admin.me.organisation.id });
    await api(server, admin, 'POST', orgPath(admin, `/members/${confirmed.me.user.id}/confirm`));
    const outsider = await signUpUser(server);
    const target = pending.me.user.id;
    const routes: [string, string, unknown?][] = [
      ['PATCH', '', { odsCode: 'RR8' }],
      ['GET', '/members'],
      ['POST', `/members/${target}/confirm`],
      ['PUT', `/members/${target}/role`, { role: 'admin' }],
      ['POST', '/domains', { domain: 'example.org' }],
      ['DELETE', '/domains/example.org'],
      ['GET', '/entries'],
    ];
    for (const [method, rest, body] of routes) {
      for (const [who, status] of [
        [pending, 403],
        [confirmed, 403],
        [outsider, 404],
        [null, 401],
      ] as const) {
        const response = await api(server, who, method, orgPath(admin, rest), body);
        expect({ method, rest, who: who?.me.user.name ?? 'nobody', status: response.status }).toEqual({
          method,
          rest,
          who: who?.me.user.name ?? 'nobody',
          status,
        });
      }
    }
    // An outsider learns nothing of ids: a made-up organisation answers the same.
    expect((await api(server, outsider, 'GET', '/api/organisations/nosuchorganisation/members')).status).toBe(404);
    expect((await api(server, outsider, 'GET', orgPath(admin))).status).toBe(404);
    // Nothing changed.
    expect((await member(admin, target))?.status).toBe('pending');
    const detail = (await (await api(server, pending, 'GET', orgPath(admin))).json()) as OrganisationDetailDto;
    expect(detail).toMatchObject({ odsCode: null, domains: [], requireMfa: false });
    expect(detail.admins.map((a) => a.id)).toEqual([admin.me.user.id]);
    // Members read their organisation's details, not its member list.
    expect(Object.keys(detail)).not.toContain('members');
  });

  it('keeps at least one admin, and makes admins only of confirmed members', async () => {
    const first = await signUpUser(server);
    const second = await signUpUser(server, { organisationId: first.me.organisation.id });
    const stepDown = await setRole(first, first, first, 'member');
    expect(stepDown.status).toBe(409);
    expect((await errorOf(stepDown)).code).toBe(ErrorCode.lastOrganisationAdmin);
    const unconfirmed = await setRole(first, first, second, 'admin');
    expect(unconfirmed.status).toBe(409);
    expect((await errorOf(unconfirmed)).code).toBe(ErrorCode.organisationUnconfirmed);
    await api(server, first, 'POST', orgPath(first, `/members/${second.me.user.id}/confirm`));
    const promoted = await setRole(first, first, second, 'admin');
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as OrganisationMemberDto).role).toBe('admin');
    expect(((await (await api(server, second, 'GET', '/api/me')).json()) as MeDto).user.organisationRole).toBe('admin');
    // Two admins demoting each other at once: one change wins, the other finds its actor no admin.
    const [a, b] = await Promise.all([
      setRole(first, first, second, 'member'),
      setRole(second, first, first, 'member'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 403]);
    const admins = ((await (await api(server, first, 'GET', orgPath(first))).json()) as OrganisationDetailDto).admins;
    expect(admins).toHaveLength(1);
    const records = await server.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('organisation_id', '=', first.me.organisation.id)
      .where('action', '=', 'organisation.member_role_changed')
      .execute();
    expect(records.map((r) => JSON.parse(r.detail).to)).toEqual(['admin', 'member']);
  });

  it('hands the admin role on when the last admin deletes their account', async () => {
    const admin = await signUpUser(server);
    const next = await signUpUser(server, { organisationId: admin.me.organisation.id });
    await api(server, admin, 'POST', orgPath(admin, `/members/${next.me.user.id}/confirm`));
    const deleted = await api(server, admin, 'POST', '/api/account/delete', { currentPassword: admin.password });
    expect(deleted.status).toBe(204);
    expect(((await (await api(server, next, 'GET', '/api/me')).json()) as MeDto).user.organisationRole).toBe('admin');
  });

  it('records identifiers in their formats only, and clears them with null', async () => {
    const admin = await signUpUser(server);
    const patch = (body: unknown) => api(server, admin, 'PATCH', orgPath(admin), body);
    const saved = await patch({ odsCode: ' rr8 ', companiesHouseNumber: 'sc123456', charityNumber: '1123456-1' });
    expect(saved.status).toBe(200);
    expect((await saved.json()) as OrganisationDetailDto).toMatchObject({
      odsCode: 'RR8',
      companiesHouseNumber: 'SC123456',
      charityNumber: '1123456-1',
    });
    for (const body of [
      { odsCode: 'RR' },
      { odsCode: 'ABCDEFG' },
      { odsCode: 'R-8' },
      { companiesHouseNumber: '1234567' },
      { companiesHouseNumber: 'S1234567' },
      { charityNumber: '12345' },
      { charityNumber: 'SC12345' },
      { charityNumber: '1123456-123' },
      {},
      { name: 'Renamed' },
    ]) {
      const refused = await patch(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
    }
    for (const good of [{ companiesHouseNumber: '01234567' }, { charityNumber: 'NIC100002' }, { odsCode: 'B82005' }]) {
      expect((await patch(good)).status).toBe(200);
    }
    const cleared = (await (await patch({ charityNumber: null })).json()) as OrganisationDetailDto;
    expect(cleared).toMatchObject({ odsCode: 'B82005', companiesHouseNumber: '01234567', charityNumber: null });
  });

  it('refuses public and shared mail domains with the reason, and a domain another organisation has', async () => {
    const domain = `shared-${unique()}.example.org`;
    const admin = await signUpUser(server, { email: `admin@${domain}` });
    await verify(admin);
    for (const [refused, words] of [
      ['nhs.net', 'NHSmail'],
      ['gmail.com', 'public email service'],
      ['yahoo.co.uk', 'public email service'],
      ['hotmail.fr', 'public email service'],
    ] as const) {
      const response = await api(server, admin, 'POST', orgPath(admin, '/domains'), { domain: refused });
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe(ErrorCode.sharedMailDomain);
      expect(error.message).toContain(words);
    }
    for (const bad of ['not a domain', 'localhost', 'a@b@c', '-x.example.org']) {
      expect((await api(server, admin, 'POST', orgPath(admin, '/domains'), { domain: bad })).status).toBe(400);
    }
    expect((await api(server, admin, 'POST', orgPath(admin, '/domains'), { domain })).status).toBe(201);
    // Adding it again changes nothing.
    expect((await api(server, admin, 'POST', orgPath(admin, '/domains'), { domain })).status).toBe(201);
    const rival = await signUpUser(server, { email: `rival@${domain}` });
    await verify(rival);
    const taken = await api(server, rival, 'POST', orgPath(rival, '/domains'), { domain });
    expect(taken.status).toBe(409);
    expect((await errorOf(taken)).code).toBe(ErrorCode.domainTaken);
    expect((await api(server, admin, 'DELETE', orgPath(admin, `/domains/${domain}`))).status).toBe(204);
    expect((await api(server, admin, 'DELETE', orgPath(admin, `/domains/${domain}`))).status).toBe(404);
    // Freed, it can verify the other organisation.
    expect((await api(server, rival, 'POST', orgPath(rival, '/domains'), { domain })).status).toBe(201);
    const actions = await server.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', admin.me.organisation.id)
      .where('action', 'like', 'organisation.domain_%')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['organisation.domain_added', 'organisation.domain_removed']);
  });

  it('lists the entries its people are on, with their roles and nothing of other organisations', async () => {
    const admin = await signUpUser(server);
    const colleague = await signUpUser(server, { organisationId: admin.me.organisation.id });
    const partner = await signUpUser(server);
    const ours = await createEntry(server, colleague);
    await addMember(server, colleague, ours.id, partner, 'contributor');
    const theirs = await createEntry(server, partner);
    const response = await api(server, admin, 'GET', orgPath(admin, '/entries'));
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as OrganisationEntriesDto;
    expect(entries).toEqual([
      {
        id: ours.id,
        title: ours.title,
        status: 'draft',
        leadOrganisation: true,
        people: [{ userId: colleague.me.user.id, name: colleague.me.user.name, role: 'lead' }],
        youAreMember: false,
      },
    ]);
    expect(entries.map((e) => e.id)).not.toContain(theirs.id);
  });

  it('limits the public search per address', async () => {
    // The bucket refills a search a second while the loop runs, so on a slow machine a few
    // more than its capacity get through: the bound leaves room for that.
    let last = 200;
    let allowed = 0;
    for (let i = 0; i < ORGANISATION_SEARCHES_PER_IP.capacity * 2 && last !== 429; i += 1) {
      last = (await api(server, null, 'GET', `/api/organisations?query=zz${i}`)).status;
      if (last === 200) allowed += 1;
    }
    expect(last).toBe(429);
    expect(allowed).toBeGreaterThanOrEqual(ORGANISATION_SEARCHES_PER_IP.capacity);
  });
});
