import { type EntryDto, type EntrySummaryDto, ErrorCode, type MemberDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, invite, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Every entry route × every role, as PRODUCT §4 says (RELIABILITY F39, F42):
 * members read, only leads manage, non-members get 404 as if the entry did
 * not exist, and nothing changes when a request is refused. Leads changing
 * and removing members, the last lead among them, are
 * membershipChanges.integration.test.ts.
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
