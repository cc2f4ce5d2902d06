import { type EntryDto, type EntrySummaryDto, ErrorCode, type MemberDto, type Role } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Leads changing roles and removing members (PRODUCT §3 journey 3, §4;
 * RELIABILITY F41, D30): an entry always keeps a lead, even when two leads
 * demote each other at once; removal ends access at once; being a lead of
 * one entry gives no say over another. Who may call each route is
 * access.integration.test.ts.
 */

const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('leads and membership changes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const leadCount = async (entryId: string) =>
    (
      await server.services.database.db
        .selectFrom('memberships')
        .select('user_id')
        .where('entry_id', '=', entryId)
        .where('role', '=', 'lead')
        .execute()
    ).length;

  it('refuses to demote or remove the last lead with 409 last_lead', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const self = `/api/entries/${entry.id}/members/${lead.me.user.id}`;
    for (const role of ['contributor', 'viewer'] as Role[]) {
      const response = await api(server, lead, 'PATCH', self, { role });
      expect(response.status).toBe(409);
      expect(await codeOf(response)).toBe(ErrorCode.lastLead);
    }
    const removal = await api(server, lead, 'DELETE', self);
    expect(removal.status).toBe(409);
    expect(await codeOf(removal)).toBe(ErrorCode.lastLead);
    expect(await leadCount(entry.id)).toBe(1);
    // Keeping the role is not a demotion.
    expect((await api(server, lead, 'PATCH', self, { role: 'lead' })).status).toBe(200);
  });

  it('lets a lead step down once another lead exists, after which they can no longer manage', async () => {
    const [lead, partner] = await Promise.all([
      signUpUser(server),
      signUpUser(server, { organisationKind: 'supplier' }),
    ]);
    const entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, partner, 'contributor');
    const partnerUrl = `/api/entries/${entry.id}/members/${partner.me.user.id}`;
    expect((await api(server, lead, 'PATCH', partnerUrl, { role: 'lead' })).status).toBe(200);
    const selfUrl = `/api/entries/${entry.id}/members/${lead.me.user.id}`;
    expect((await api(server, lead, 'PATCH', selfUrl, { role: 'contributor' })).status).toBe(200);
    expect((await api(server, lead, 'PATCH', partnerUrl, { role: 'viewer' })).status).toBe(403);
    // The remaining lead is now the last one.
    expect((await api(server, partner, 'DELETE', partnerUrl)).status).toBe(409);
    expect(await leadCount(entry.id)).toBe(1);
  });

  it('never leaves an entry without a lead when two leads demote or remove each other at once', async () => {
    const [first, second] = await Promise.all([signUpUser(server), signUpUser(server)]);
    const { entries } = server.services;
    for (const action of ['PATCH', 'DELETE'] as const) {
      for (const via of ['http', 'service'] as const) {
        const entry = await createEntry(server, first);
        await addMember(server, first, entry.id, second, 'lead');
        const urlOf = (user: TestUser) => `/api/entries/${entry.id}/members/${user.me.user.id}`;
        const body = action === 'PATCH' ? { role: 'viewer' } : undefined;
        // Over HTTP on SQLite each request's queries tend to run back to back; calling the
        // service twice in one tick interleaves them as a PostgreSQL pool would.
        const change = (actor: TestUser, member: TestUser) =>
          via === 'http'
            ? api(server, actor, action, urlOf(member), body).then((response) => response.status)
            : (action === 'PATCH'
                ? entries.changeRole(entry.id, actor.me.user.id, member.me.user.id, 'viewer')
                : entries.removeMember(entry.id, actor.me.user.id, member.me.user.id)
              ).then(
                () => 200,
                (err: { status?: number }) => err.status ?? 500,
              );
        const statuses = await Promise.all([change(first, second), change(second, first)]);
        const label = `${action} via ${via}: ${statuses}`;
        expect(
          statuses.filter((status) => status < 300),
          label,
        ).toHaveLength(1);
        expect(
          statuses.every((status) => status < 500),
          label,
        ).toBe(true);
        expect(await leadCount(entry.id), label).toBe(1);
      }
    }
  });

  it('removing a member ends their access at once: 404 on the entry, gone from their list (D30)', async () => {
    const [lead, member] = await Promise.all([
      signUpUser(server),
      signUpUser(server, { organisationKind: 'supplier' }),
    ]);
    const entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, member, 'contributor');
    expect((await api(server, member, 'GET', `/api/entries/${entry.id}`)).status).toBe(200);
    const removal = await api(server, lead, 'DELETE', `/api/entries/${entry.id}/members/${member.me.user.id}`);
    expect(removal.status).toBe(204);
    expect((await api(server, member, 'GET', `/api/entries/${entry.id}`)).status).toBe(404);
    const list = (await (await api(server, member, 'GET', '/api/entries')).json()) as EntrySummaryDto[];
    expect(list.map((e) => e.id)).not.toContain(entry.id);
    const again = await api(server, lead, 'DELETE', `/api/entries/${entry.id}/members/${member.me.user.id}`);
    expect(again.status).toBe(404);
  });

  it("a lead of their own entry who is only a contributor on another organisation's entry cannot manage it (F41)", async () => {
    const [leadA, leadB, memberB] = await Promise.all([
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
    ]);
    await createEntry(server, leadA);
    const entryB = await createEntry(server, leadB);
    await addMember(server, leadB, entryB.id, leadA, 'contributor');
    await addMember(server, leadB, entryB.id, memberB, 'viewer');

    const base = `/api/entries/${entryB.id}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', `${base}/invitations`],
      ['POST', `${base}/invitations`, { email: 'friend@example.nhs.uk', role: 'lead' }],
      ['PATCH', `${base}/members/${leadA.me.user.id}`, { role: 'lead' }],
      ['PATCH', `${base}/members/${leadB.me.user.id}`, { role: 'viewer' }],
      ['DELETE', `${base}/members/${memberB.me.user.id}`],
      ['DELETE', `${base}/members/${leadB.me.user.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await api(server, leadA, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await codeOf(response)).toBe(ErrorCode.forbidden);
    }
    const members = (await (await api(server, leadB, 'GET', `${base}/members`)).json()) as MemberDto[];
    expect(Object.fromEntries(members.map((m) => [m.userId, m.role]))).toEqual({
      [leadB.me.user.id]: 'lead',
      [leadA.me.user.id]: 'contributor',
      [memberB.me.user.id]: 'viewer',
    });
    const entryAsA = (await (await api(server, leadA, 'GET', base)).json()) as EntryDto;
    expect(entryAsA.role).toBe('contributor');
    expect(entryAsA.leadOrganisation.id).toBe(leadB.me.organisation.id);
  });
});
