import { type EntryDto, ErrorCode, type InvitationDto, type Role } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, invite, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue #10 finding 12: invitations outlived removals. A removed member rejoined as lead with an
 * older invitation nobody had revoked, and an invitation from a lead who had since been removed
 * still worked. Removing a member now revokes the pending invitations sent to them and by them;
 * demoting a lead revokes the ones they sent; accepting any of those answers 410 invitation_revoked.
 */
describe('I10-12: invitations do not outlive the membership behind them', () => {
  let server: TestServer;
  let lead: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    lead = await signUpUser(server);
  });
  afterAll(() => server.close());

  const accept = (user: TestUser, token: string) => api(server, user, 'POST', `/api/invitations/${token}/accept`);
  const remove = (entry: EntryDto, user: TestUser) =>
    api(server, lead, 'DELETE', `/api/entries/${entry.id}/members/${user.me.user.id}`);
  const setRole = (entry: EntryDto, user: TestUser, role: Role) =>
    api(server, lead, 'PATCH', `/api/entries/${entry.id}/members/${user.me.user.id}`, { role });
  const pending = async (entry: EntryDto) =>
    ((await (await api(server, lead, 'GET', `/api/entries/${entry.id}/invitations`)).json()) as InvitationDto[]).map(
      (invitation) => invitation.email,
    );
  const roleIn = async (entry: EntryDto, user: TestUser) => {
    const row = await server.services.database.db
      .selectFrom('memberships')
      .select('role')
      .where('entry_id', '=', entry.id)
      .where('user_id', '=', user.me.user.id)
      .executeTakeFirst();
    return row?.role ?? null;
  };
  async function expectRevoked(response: Response) {
    expect(response.status).toBe(410);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.invitationRevoked);
  }

  it('a removed member cannot rejoin (as lead) with an older invitation sent to them', async () => {
    const entry = await createEntry(server, lead);
    const member = await signUpUser(server, { organisationKind: 'supplier' });
    // Two invitations to one address, both pending until one is accepted.
    const asViewer = await invite(server, lead, entry.id, member.email, 'viewer');
    const asLead = await invite(server, lead, entry.id, member.email, 'lead');
    expect((await accept(member, asViewer.token)).status).toBe(200);
    expect((await remove(entry, member)).status).toBe(204);

    await expectRevoked(await accept(member, asLead.token));
    expect(await roleIn(entry, member)).toBeNull();
    expect(await pending(entry)).not.toContain(member.email);
    // The preview says so too.
    await expectRevoked(await api(server, null, 'GET', `/api/invitations/${asLead.token}`));
    // A new invitation, sent after the removal, still works: the lead decides.
    const fresh = await invite(server, lead, entry.id, member.email, 'viewer');
    expect((await accept(member, fresh.token)).status).toBe(200);
    expect(await roleIn(entry, member)).toBe('viewer');
  });

  it('an invitation from a lead who was since removed no longer admits anyone; other leads’ still do', async () => {
    const entry = await createEntry(server, lead);
    const [coLead, invitee, other] = await Promise.all([
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    await addMember(server, lead, entry.id, coLead, 'lead');
    const fromCoLead = await invite(server, coLead, entry.id, invitee.email, 'lead');
    const fromLead = await invite(server, lead, entry.id, other.email, 'contributor');
    expect((await remove(entry, coLead)).status).toBe(204);

    await expectRevoked(await accept(invitee, fromCoLead.token));
    expect(await roleIn(entry, invitee)).toBeNull();
    expect(await pending(entry)).toEqual([other.email]);
    expect((await accept(other, fromLead.token)).status).toBe(200);
  });

  it('demoting a lead revokes the invitations they sent; promoting someone does not', async () => {
    const entry = await createEntry(server, lead);
    const [coLead, invitee, contributor, later] = await Promise.all([
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    await addMember(server, lead, entry.id, coLead, 'lead');
    await addMember(server, lead, entry.id, contributor, 'contributor');
    const fromCoLead = await invite(server, coLead, entry.id, invitee.email, 'contributor');
    expect((await setRole(entry, coLead, 'contributor')).status).toBe(200);
    await expectRevoked(await accept(invitee, fromCoLead.token));
    expect(await roleIn(entry, invitee)).toBeNull();

    // Promotion revokes nothing, and the promoted lead's new invitations work.
    const fromLead = await invite(server, lead, entry.id, later.email, 'viewer');
    expect((await setRole(entry, contributor, 'lead')).status).toBe(200);
    expect((await accept(later, fromLead.token)).status).toBe(200);
  });

  it('an invitation whose sender is no longer a lead is refused even if it was never revoked (older data)', async () => {
    const entry = await createEntry(server, lead);
    const [coLead, invitee] = await Promise.all([
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    await addMember(server, lead, entry.id, coLead, 'lead');
    const fromCoLead = await invite(server, coLead, entry.id, invitee.email, 'lead');
    expect((await remove(entry, coLead)).status).toBe(204);
    // As an invitation stored before removals revoked anything would be.
    await server.services.database.db
      .updateTable('invitations')
      .set({ revoked_at: null })
      .where('id', '=', fromCoLead.id)
      .execute();

    await expectRevoked(await accept(invitee, fromCoLead.token));
    expect(await roleIn(entry, invitee)).toBeNull();
  });
});
