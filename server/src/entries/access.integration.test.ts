import { type EntryDto, type EntrySummaryDto, ErrorCode, type MemberDto, type Role } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, invite, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Every entry route × every role, as PRODUCT §4 says (RELIABILITY F39, F41,
 * F42, D30): members read, only leads manage, non-members get 404 as if the
 * entry did not exist, and nothing changes when a request is refused.
 */

type Who = 'lead' | 'contributor' | 'viewer' | 'outsider';

const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('entry routes by role', () => {
  let server: TestServer;
  const people = {} as Record<Who, TestUser>;
  let entry: EntryDto;
  let pendingInvitationId: string;

  beforeAll(async () => {
    server = await startTestServer();
    [people.lead, people.contributor, people.viewer, people.outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
    ]);
    entry = await createEntry(server, people.lead);
    await addMember(server, people.lead, entry.id, people.contributor, 'contributor');
    await addMember(server, people.lead, entry.id, people.viewer, 'viewer');
    pendingInvitationId = (await invite(server, people.lead, entry.id, 'pending@example.nhs.uk', 'viewer')).id;
  });
  afterAll(() => server.close());

  /** Memberships and invitations of the entry, to show a refused request changed nothing. */
  async function snapshot() {
    const db = server.services.database.db;
    const memberships = await db
      .selectFrom('memberships')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .orderBy('user_id')
      .execute();
    const invitations = await db
      .selectFrom('invitations')
      .select(['id', 'email', 'role', 'accepted_at', 'revoked_at'])
      .where('entry_id', '=', entry.id)
      .orderBy('id')
      .execute();
    const entries = await db.selectFrom('entries').selectAll().orderBy('id').execute();
    return JSON.stringify({ memberships, invitations, entries });
  }

  it('creates an entry with the creator as lead and their organisation as lead organisation', async () => {
    expect(entry).toMatchObject({
      id: expect.stringMatching(/^[a-z0-9]+$/),
      title: expect.any(String),
      categoryId: 'hsj-partnership-long-term-partnership',
      status: 'draft',
      role: 'lead',
      leadOrganisation: people.lead.me.organisation,
    });
    expect(entry.sections.length).toBeGreaterThan(0);
    for (const section of entry.sections) {
      expect(section).toMatchObject({
        id: expect.any(String),
        title: expect.any(String),
        wordLimit: expect.any(Number),
        status: 'not_started',
      });
    }
  });

  describe.each([
    ['lead', 200],
    ['contributor', 200],
    ['viewer', 200],
    ['outsider', 404],
  ] as const)('reading as %s', (who, expected) => {
    it(`GET /api/entries/:id → ${expected}`, async () => {
      const response = await api(server, people[who], 'GET', `/api/entries/${entry.id}`);
      expect(response.status).toBe(expected);
      if (expected === 404) {
        expect(await codeOf(response)).toBe(ErrorCode.notFound);
        return;
      }
      const body = (await response.json()) as EntryDto;
      expect(body.role).toBe(who);
      expect(body.members.map((m) => m.userId).sort()).toEqual(
        [people.lead, people.contributor, people.viewer].map((p) => p.me.user.id).sort(),
      );
      expect(body.organisations.map((o) => o.id).sort()).toEqual(
        [people.lead, people.contributor, people.viewer].map((p) => p.me.organisation.id).sort(),
      );
    });

    it(`GET /api/entries/:id/members → ${expected}`, async () => {
      const response = await api(server, people[who], 'GET', `/api/entries/${entry.id}/members`);
      expect(response.status).toBe(expected);
      if (expected === 200) {
        const members = (await response.json()) as MemberDto[];
        const roles = Object.fromEntries(members.map((m) => [m.userId, m.role]));
        expect(roles).toEqual({
          [people.lead.me.user.id]: 'lead',
          [people.contributor.me.user.id]: 'contributor',
          [people.viewer.me.user.id]: 'viewer',
        });
        // Each member carries the organisation they joined with.
        const contributor = members.find((m) => m.userId === people.contributor.me.user.id)!;
        expect(contributor.organisation).toEqual(people.contributor.me.organisation);
      }
    });

    it(`GET /api/entries lists the entry only for members`, async () => {
      const response = await api(server, people[who], 'GET', '/api/entries');
      expect(response.status).toBe(200);
      const ids = ((await response.json()) as EntrySummaryDto[]).map((e) => e.id);
      expect(ids.includes(entry.id)).toBe(expected === 200);
    });
  });

  it('GET /api/categories → 200 for anyone signed in', async () => {
    const response = await api(server, people.outsider, 'GET', '/api/categories');
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  /** Lead-only routes, tried by everyone else: 403 for members, 404 for non-members, nothing changed. */
  const managementRoutes: { name: string; send: (user: TestUser) => Promise<Response> }[] = [
    { name: 'GET invitations', send: (u) => api(server, u, 'GET', `/api/entries/${entry.id}/invitations`) },
    {
      name: 'POST invitation',
      send: (u) =>
        api(server, u, 'POST', `/api/entries/${entry.id}/invitations`, {
          email: 'escalate@example.nhs.uk',
          role: 'lead',
        }),
    },
    {
      name: 'DELETE invitation',
      send: (u) => api(server, u, 'DELETE', `/api/entries/${entry.id}/invitations/${pendingInvitationId}`),
    },
    {
      name: 'PATCH another member’s role',
      send: (u) =>
        api(server, u, 'PATCH', `/api/entries/${entry.id}/members/${people.viewer.me.user.id}`, { role: 'lead' }),
    },
    {
      name: 'PATCH own role to lead',
      send: (u) => api(server, u, 'PATCH', `/api/entries/${entry.id}/members/${u.me.user.id}`, { role: 'lead' }),
    },
    {
      name: 'DELETE the lead',
      send: (u) => api(server, u, 'DELETE', `/api/entries/${entry.id}/members/${people.lead.me.user.id}`),
    },
    {
      name: 'DELETE another member',
      send: (u) => api(server, u, 'DELETE', `/api/entries/${entry.id}/members/${people.viewer.me.user.id}`),
    },
  ];

  describe.each([
    ['contributor', 403, ErrorCode.forbidden],
    ['viewer', 403, ErrorCode.forbidden],
    ['outsider', 404, ErrorCode.notFound],
  ] as const)('managing as %s', (who, status, code) => {
    it.each(managementRoutes)(`$name → ${status} ${code}, nothing changed`, async ({ send }) => {
      const before = await snapshot();
      const response = await send(people[who]);
      expect(response.status).toBe(status);
      expect(await codeOf(response)).toBe(code);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('signed out', () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/entries'],
      ['POST', '/api/entries', { title: 'x', categoryId: 'hsj-partnership-long-term-partnership' }],
      ['GET', '/api/categories'],
      ['GET', '/api/entries/ENTRY'],
      ['GET', '/api/entries/ENTRY/members'],
      ['PATCH', '/api/entries/ENTRY/members/LEAD', { role: 'viewer' }],
      ['DELETE', '/api/entries/ENTRY/members/LEAD'],
      ['GET', '/api/entries/ENTRY/invitations'],
      ['POST', '/api/entries/ENTRY/invitations', { email: 'x@example.nhs.uk', role: 'lead' }],
      ['DELETE', '/api/entries/ENTRY/invitations/INVITATION'],
      ['POST', '/api/invitations/abcdefghijklmnopqrstuvwxyz234567/accept'],
    ];
    it.each(routes)('%s %s → 401 (no cookie, or a garbage one), nothing changed', async (method, path, body) => {
      const url = path
        .replace('ENTRY', entry.id)
        .replace('LEAD', people.lead.me.user.id)
        .replace('INVITATION', pendingInvitationId);
      const before = await snapshot();
      for (const user of [null, { cookie: 'jointly_session=garbage' }, { cookie: 'jointly_session=a.b' }]) {
        const response = await api(server, user, method, url, body);
        expect(response.status).toBe(401);
        expect(await codeOf(response)).toBe(ErrorCode.unauthenticated);
      }
      expect(await snapshot()).toBe(before);
    });
  });

  describe('garbage and unknown ids', () => {
    const unknownId = 'aaaaaaaaaaaaaaaa';
    it.each([
      ['GET', '/api/entries/NOT-AN-ID', 400],
      ['GET', `/api/entries/${'a'.repeat(65)}`, 400],
      ['GET', '/api/entries/%00', 400],
      ['GET', "/api/entries/1'%20OR%201=1", 400],
      ['GET', '/api/entries/%E0%A4%A', 400],
      ['GET', '/api/entries/%F0%9F%92%A9', 400],
      ['GET', `/api/entries/${unknownId}`, 404],
      ['GET', `/api/entries/${unknownId}/members`, 404],
      ['GET', `/api/entries/${unknownId}/invitations`, 404],
      ['POST', `/api/entries/${unknownId}/invitations`, 404, { email: 'x@example.nhs.uk', role: 'viewer' }],
      ['PATCH', `/api/entries/ENTRY/members/${unknownId}`, 404, { role: 'viewer' }],
      ['PATCH', '/api/entries/ENTRY/members/BAD_ID', 400, { role: 'viewer' }],
      ['PATCH', '/api/entries/ENTRY/members/VIEWER', 400, { role: 'owner' }],
      ['PATCH', '/api/entries/ENTRY/members/VIEWER', 400, { role: 'lead', organisationId: unknownId }],
      ['PATCH', '/api/entries/ENTRY/members/VIEWER', 400, { role: null }],
      ['PATCH', '/api/entries/ENTRY/members/VIEWER', 400, []],
      ['DELETE', `/api/entries/ENTRY/members/${unknownId}`, 404],
      ['DELETE', `/api/entries/ENTRY/invitations/${unknownId}`, 404],
      ['DELETE', '/api/entries/ENTRY/invitations/NOPE!', 400],
      ['GET', '/api/entries/ENTRY/nothing-here', 404],
      ['PUT', '/api/entries/ENTRY', 404, { title: 'x' }],
    ] as [string, string, number, unknown?][])(
      '%s %s → %i, never 500, nothing changed',
      async (method, path, status, body) => {
        const url = path.replace('ENTRY', entry.id).replace('VIEWER', people.viewer.me.user.id);
        const before = await snapshot();
        const response = await api(server, people.lead, method, url, body);
        expect(response.status).toBe(status);
        expect(await codeOf(response)).toBe(status === 400 ? ErrorCode.validation : ErrorCode.notFound);
        expect(await snapshot()).toBe(before);
      },
    );
  });

  describe('creating an entry', () => {
    it.each([
      ['unknown category', { title: 'An entry', categoryId: 'no-such-category' }],
      ['blank title', { title: '   ', categoryId: 'hsj-partnership-long-term-partnership' }],
      ['status', { title: 'x', categoryId: 'hsj-partnership-long-term-partnership', status: 'submitted' }],
      ['id', { title: 'x', categoryId: 'hsj-partnership-long-term-partnership', id: 'aaaaaaaaaaaaaaaa' }],
      [
        'leadOrganisationId',
        { title: 'x', categoryId: 'hsj-partnership-long-term-partnership', leadOrganisationId: 'aaaaaaaaaaaaaaaa' },
      ],
      ['role', { title: 'x', categoryId: 'hsj-partnership-long-term-partnership', role: 'lead' }],
    ])('refuses %s with 400 validation_failed and creates nothing (F42, F43)', async (_label, body) => {
      const before = await snapshot();
      const response = await api(server, people.outsider, 'POST', '/api/entries', body);
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe(ErrorCode.validation);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('as the lead', () => {
    it('lists, creates and revokes invitations', async () => {
      const list = await api(server, people.lead, 'GET', `/api/entries/${entry.id}/invitations`);
      expect(list.status).toBe(200);
      expect(((await list.json()) as { id: string }[]).map((i) => i.id)).toContain(pendingInvitationId);

      const created = await api(server, people.lead, 'POST', `/api/entries/${entry.id}/invitations`, {
        email: 'someone.new@example.nhs.uk',
        role: 'contributor',
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const revoked = await api(server, people.lead, 'DELETE', `/api/entries/${entry.id}/invitations/${id}`);
      expect(revoked.status).toBe(204);
    });

    it('refuses to invite someone who is already a member with 409 already_member', async () => {
      const response = await api(server, people.lead, 'POST', `/api/entries/${entry.id}/invitations`, {
        email: people.viewer.email.toUpperCase(),
        role: 'lead',
      });
      expect(response.status).toBe(409);
      expect(await codeOf(response)).toBe(ErrorCode.alreadyMember);
    });

    it('changes a role (200 with the member) and the change takes effect', async () => {
      const url = `/api/entries/${entry.id}/members/${people.viewer.me.user.id}`;
      const response = await api(server, people.lead, 'PATCH', url, { role: 'contributor' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ userId: people.viewer.me.user.id, role: 'contributor' });
      const seen = await api(server, people.viewer, 'GET', `/api/entries/${entry.id}`);
      expect(((await seen.json()) as EntryDto).role).toBe('contributor');
      expect((await api(server, people.lead, 'PATCH', url, { role: 'viewer' })).status).toBe(200);
    });
  });
});

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
