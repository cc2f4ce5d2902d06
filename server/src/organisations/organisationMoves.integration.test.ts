import {
  type AuditLogDto,
  type EntryDto,
  type ErrorBody,
  ErrorCode,
  type MeDto,
  type OrganisationMemberDto,
  type OrganisationMembersDto,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { ORGANISATION_MOVES_PER_ACCOUNT } from './organisationLimits.ts';

/**
 * Declining a pending member, and a pending or declined person moving to their real organisation,
 * through the real server on SQLite and PostgreSQL: who may do it, what it changes (standing,
 * entry memberships, the entry's lead organisation, the audit log of both organisations), and
 * that every refusal changes nothing.
 */
const stores = TEST_DATABASES;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

describe.each(stores)('declining and moving organisation on %s', (_name, makeStore) => {
  let store: Awaited<ReturnType<(typeof stores)[number][1]>>;
  let server: TestServer;
  const orgPath = (user: TestUser, rest = '') => `/api/organisations/${user.me.organisation.id}${rest}`;
  const me = async (user: TestUser) => (await (await api(server, user, 'GET', '/api/me')).json()) as MeDto;
  const members = async (admin: TestUser) =>
    ((await (await api(server, admin, 'GET', orgPath(admin, '/members'))).json()) as OrganisationMembersDto).members;
  const audit = async (admin: TestUser) =>
    ((await (await api(server, admin, 'GET', orgPath(admin, '/audit'))).json()) as AuditLogDto).entries;
  const entry = async (user: TestUser, id: string) =>
    (await (await api(server, user, 'GET', `/api/entries/${id}`)).json()) as EntryDto;
  const decline = (actor: TestUser, of: TestUser, target: TestUser, body?: unknown) =>
    api(server, actor, 'POST', orgPath(of, `/members/${target.me.user.id}/decline`), body);
  const move = (user: TestUser, body: unknown) => api(server, user, 'PUT', '/api/me/organisation', body);

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  it('an admin declines a pending member with a reason: recorded, listed last, not endorsing; only admins, only pending', async () => {
    const admin = await signUpUser(server);
    const colleague = await signUpUser(server, { organisationId: admin.me.organisation.id });
    await api(server, admin, 'POST', orgPath(admin, `/members/${colleague.me.user.id}/confirm`));
    const stranger = await signUpUser(server, { organisationId: admin.me.organisation.id });
    const outsider = await signUpUser(server);
    const before = await members(admin);

    // Refusals change nothing: a member who is not an admin (403), another organisation (404),
    // a confirmed member (409), a reason too long or not text (400).
    expect((await decline(colleague, admin, stranger)).status).toBe(403);
    expect((await decline(outsider, admin, stranger)).status).toBe(404);
    const confirmed = await decline(admin, admin, colleague);
    expect(confirmed.status).toBe(409);
    expect((await errorOf(confirmed)).code).toBe(ErrorCode.memberNotPending);
    expect((await decline(admin, admin, stranger, { reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await decline(admin, admin, stranger, { reason: 7 })).status).toBe(400);
    expect((await decline(admin, admin, stranger, { reason: 'ok', role: 'admin' })).status).toBe(400);
    expect(await members(admin)).toEqual(before);

    const declined = await decline(admin, admin, stranger, { reason: 'Not on our staff list' });
    expect(declined.status).toBe(200);
    expect(((await declined.json()) as OrganisationMemberDto).status).toBe('declined');
    expect((await me(stranger)).user.organisationStatus).toBe('declined');
    const listed = await members(admin);
    expect(listed.at(-1)).toMatchObject({ userId: stranger.me.user.id, status: 'declined' });
    // Again: answered as they are, recorded once. Without a body: declined without a reason.
    expect((await decline(admin, admin, stranger)).status).toBe(200);
    const records = (await audit(admin)).filter((r) => r.action === 'organisation.member_declined');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      actor: { id: admin.me.user.id },
      subject: { id: stranger.me.user.id },
      detail: { reason: 'Not on our staff list' },
    });

    // A declined member cannot endorse for the organisation.
    const lead = await signUpUser(server);
    const { id: entryId } = await createEntry(server, lead);
    await addMember(server, lead, entryId, stranger, 'lead');
    const endorse = await api(server, stranger, 'POST', `/api/entries/${entryId}/endorse`);
    expect(endorse.status).toBe(409);
    const refusal = await errorOf(endorse);
    expect(refusal.code).toBe(ErrorCode.organisationUnconfirmed);
    expect(refusal.message).toContain('declined you');

    // An admin may change their mind: a declined member can be confirmed.
    const confirm = await api(server, admin, 'POST', orgPath(admin, `/members/${stranger.me.user.id}/confirm`));
    expect(((await confirm.json()) as OrganisationMemberDto).status).toBe('confirmed');
  });

  it('a declined person moves to a new organisation: its admin, with their entries; both organisations record it', async () => {
    const admin = await signUpUser(server);
    const person = await signUpUser(server, { organisationId: admin.me.organisation.id });
    const own = await createEntry(server, person);
    const partnerLead = await signUpUser(server, { organisationKind: 'supplier' });
    const shared = await createEntry(server, partnerLead);
    await addMember(server, partnerLead, shared.id, person, 'contributor');
    await decline(admin, admin, person, { reason: 'Unknown to us' });

    const name = `Harbour Community Interest Company ${unique()}`;
    const moved = await move(person, { organisationName: name, organisationKind: 'third_sector' });
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as MeDto;
    expect(after.organisation.name).toBe(name);
    expect(after.user).toMatchObject({ organisationStatus: 'confirmed', organisationRole: 'admin' });
    expect((await me(person)).organisation.id).toBe(after.organisation.id);

    // Their entry memberships name the new organisation; the entry they created alone is led by it.
    const ownNow = await entry(person, own.id);
    expect(ownNow.members.find((m) => m.userId === person.me.user.id)?.organisation.id).toBe(after.organisation.id);
    expect(ownNow.organisations.map((o) => o.id)).toEqual([after.organisation.id]);
    const sharedNow = await entry(partnerLead, shared.id);
    expect(sharedNow.members.find((m) => m.userId === person.me.user.id)?.organisation.id).toBe(after.organisation.id);
    expect(sharedNow.organisations.map((o) => o.id)).not.toContain(admin.me.organisation.id);

    // The old organisation no longer lists them, and records the leaving; the new one the joining.
    expect((await members(admin)).some((m) => m.userId === person.me.user.id)).toBe(false);
    expect((await audit(admin)).find((r) => r.action === 'organisation.member_left')).toMatchObject({
      subject: { id: person.me.user.id },
      detail: { status: 'declined' },
    });
    const mover = { ...person, me: after };
    expect((await audit(mover)).find((r) => r.action === 'organisation.member_joined')).toMatchObject({
      detail: { via: 'move', status: 'confirmed', role: 'admin' },
    });
  });

  it('joining an existing organisation by a move is pending there; confirmed members, the same organisation and bad bodies are refused', async () => {
    const first = await signUpUser(server);
    const person = await signUpUser(server, { organisationId: first.me.organisation.id });
    const other = await signUpUser(server);
    const before = await me(person);

    const refusals: [TestUser, unknown, number, string][] = [
      [first, { organisationId: other.me.organisation.id }, 409, ErrorCode.confirmedMemberCannotMove],
      [person, { organisationId: first.me.organisation.id }, 400, ErrorCode.validation],
      [person, { organisationId: 'nosuchorganisation' }, 400, ErrorCode.validation],
      [person, { organisationId: other.me.organisation.id, organisationName: 'Both' }, 400, ErrorCode.validation],
      [person, { organisationName: 'No kind given' }, 400, ErrorCode.validation],
      [person, {}, 400, ErrorCode.validation],
    ];
    for (const [who, body, status, code] of refusals) {
      const response = await move(who, body);
      expect({ body, status: response.status, code: (await errorOf(response)).code }).toEqual({ body, status, code });
    }
    expect(await me(person)).toEqual(before);
    expect((await me(first)).organisation.id).toBe(first.me.organisation.id);

    const moved = await move(person, { organisationId: other.me.organisation.id });
    expect(((await moved.json()) as MeDto).user.organisationStatus).toBe('pending');
    expect((await members(other)).find((m) => m.userId === person.me.user.id)?.status).toBe('pending');
  });

  it('moves are limited per account', async () => {
    const a = await signUpUser(server);
    const b = await signUpUser(server);
    const person = await signUpUser(server, { organisationId: a.me.organisation.id });
    const statuses: number[] = [];
    for (let i = 0; i <= ORGANISATION_MOVES_PER_ACCOUNT.capacity; i++) {
      const to = i % 2 === 0 ? b : a;
      statuses.push((await move(person, { organisationId: to.me.organisation.id })).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
