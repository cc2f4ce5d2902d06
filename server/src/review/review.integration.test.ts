import type {
  ActivityDto,
  CommentThreadDto,
  EntryDto,
  EntrySummaryDto,
  ErrorBody,
  SavedSectionAssignmentDto,
  SectionAssignmentDto,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Section assignments and comment threads (PRODUCT §3 journey 6, §4) through
 * the real server and SQLite: every route × every role, validation at the
 * boundary, due/overdue from the server's UTC clock, threads, replies,
 * resolution, and comments closed on a submitted entry.
 */

type Who = 'lead' | 'contributor' | 'viewer' | 'outsider' | 'signedOut';

const SECTION = 'context-and-evolution';
const OTHER_SECTION = 'benefits-and-outcomes';
const THIRD_SECTION = 'sharing-and-adoption';

const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

/** A UTC calendar date `days` from today. */
const utcDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('review: assignments and comments', () => {
  let server: TestServer;
  const people = {} as Record<Exclude<Who, 'signedOut'>, TestUser>;
  let entry: EntryDto;
  let thread: CommentThreadDto;

  const as = (who: Who) => (who === 'signedOut' ? null : people[who]);
  const call = (who: Who, method: string, path: string, body?: unknown) =>
    api(server, as(who), method, `/api/entries/${entry.id}${path}`, body);

  async function startThread(who: Who, body: unknown, sectionId = SECTION, entryId = entry.id) {
    return api(server, as(who), 'POST', `/api/entries/${entryId}/sections/${sectionId}/comments`, body);
  }

  async function commentCount(entryId = entry.id) {
    const row = await server.services.database.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entry_id', '=', entryId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

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
    const response = await startThread('lead', { body: 'Can we add the 2023 figures here?' });
    expect(response.status).toBe(201);
    thread = (await response.json()) as CommentThreadDto;
  });
  afterAll(() => server.close());

  describe('every route by role', () => {
    const cases: [string, (who: Who) => Promise<Response>, Record<Who, number>][] = [
      [
        'GET /entries/:id/assignments',
        (who) => call(who, 'GET', '/assignments'),
        { lead: 200, contributor: 200, viewer: 200, outsider: 404, signedOut: 401 },
      ],
      [
        'PUT /entries/:id/sections/:sectionId/assignment',
        (who) =>
          call(who, 'PUT', `/sections/${THIRD_SECTION}/assignment`, {
            assigneeUserIds: [people.contributor.me.user.id],
            dueDate: utcDay(7),
          }),
        { lead: 200, contributor: 403, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'GET /entries/:id/sections/:sectionId/comments',
        (who) => call(who, 'GET', `/sections/${SECTION}/comments`),
        { lead: 200, contributor: 200, viewer: 200, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/sections/:sectionId/comments',
        (who) => startThread(who, { body: `A note from the ${who}` }),
        { lead: 201, contributor: 201, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/comments/:commentId/replies',
        (who) => call(who, 'POST', `/comments/${thread.id}/replies`, { body: `A reply from the ${who}` }),
        { lead: 201, contributor: 201, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/comments/:commentId/resolve',
        (who) => call(who, 'POST', `/comments/${thread.id}/resolve`),
        { lead: 200, contributor: 200, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/comments/:commentId/unresolve',
        (who) => call(who, 'POST', `/comments/${thread.id}/unresolve`),
        { lead: 200, contributor: 200, viewer: 403, outsider: 404, signedOut: 401 },
      ],
    ];

    describe.each(cases)('%s', (_name, request, expected) => {
      it.each(Object.entries(expected) as [Who, number][])('%s → %i', async (who, status) => {
        const before = await commentCount();
        const response = await request(who);
        expect(response.status).toBe(status);
        if (status >= 400) {
          const code = (await errorOf(response)).code;
          expect(code).toBe({ 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[status]);
          expect(await commentCount()).toBe(before);
        }
      });
    });

    it('a non-member cannot tell a missing entry from one they are not in', async () => {
      const missing = await api(server, people.outsider, 'GET', `/api/entries/zzzzzzzz/sections/${SECTION}/comments`);
      const notMine = await call('outsider', 'GET', `/sections/${SECTION}/comments`);
      expect([missing.status, notMine.status]).toEqual([404, 404]);
      expect(await missing.json()).toEqual(await notMine.json());
    });
  });

  describe('validation', () => {
    const assign = (body: unknown, sectionId = SECTION) =>
      call('lead', 'PUT', `/sections/${sectionId}/assignment`, body);

    it('refuses an unknown section with 400 on every section route', async () => {
      const responses = await Promise.all([
        assign({ assigneeUserIds: [], dueDate: null }, 'no-such-section'),
        call('lead', 'GET', '/sections/no-such-section/comments'),
        startThread('lead', { body: 'Hello' }, 'no-such-section'),
        call('lead', 'GET', '/sections/Not_A_Slug/comments'),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(400);
        expect((await errorOf(response)).code).toBe('validation_failed');
      }
    });

    it('refuses assignees who are not members', async () => {
      const response = await assign({
        assigneeUserIds: [people.contributor.me.user.id, people.outsider.me.user.id],
        dueDate: null,
      });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).issues).toEqual([
        { path: 'assigneeUserIds.1', message: expect.stringContaining('members') },
      ]);
      expect((await assign({ assigneeUserIds: ['not an id'], dueDate: null })).status).toBe(400);
    });

    it('refuses dates that are not real YYYY-MM-DD dates, and a due date with nobody assigned', async () => {
      const contributor = people.contributor.me.user.id;
      for (const dueDate of ['2025-02-30', '2025-1-5', '05/01/2025', '2025-01-05T00:00:00Z', 20250105, '']) {
        expect((await assign({ assigneeUserIds: [contributor], dueDate })).status).toBe(400);
      }
      expect((await assign({ assigneeUserIds: [], dueDate: utcDay(3) })).status).toBe(400);
      expect((await assign({ assigneeUserIds: [contributor] })).status).toBe(400);
    });

    it('refuses mass-assignment keys on both bodies', async () => {
      const assignment = await assign({
        assigneeUserIds: [people.contributor.me.user.id],
        dueDate: null,
        assignedBy: people.viewer.me.user.id,
      });
      expect(assignment.status).toBe(400);
      const comment = await startThread('contributor', { body: 'Hi', authorId: people.lead.me.user.id });
      expect(comment.status).toBe(400);
      const reply = await call('contributor', 'POST', `/comments/${thread.id}/replies`, {
        body: 'Hi',
        resolved: true,
      });
      expect(reply.status).toBe(400);
      const proto = await api(
        server,
        people.contributor,
        'POST',
        `/api/entries/${entry.id}/sections/${SECTION}/comments`,
        JSON.parse('{"body":"Hi","__proto__":{"admin":true}}'),
      );
      expect(proto.status).toBe(400);
    });

    it('refuses empty, blank and oversized comment bodies; 5000 characters is accepted', async () => {
      const before = await commentCount();
      for (const body of [{}, { body: '' }, { body: '   \n\t ' }, { body: 'x'.repeat(5001) }, { body: 42 }]) {
        const response = await startThread('contributor', body);
        expect(response.status).toBe(400);
        expect((await errorOf(response)).code).toBe('validation_failed');
      }
      expect((await call('contributor', 'POST', `/comments/${thread.id}/replies`, { body: '' })).status).toBe(400);
      expect(await commentCount()).toBe(before);
      const longest = await startThread('contributor', { body: 'y'.repeat(5000) });
      expect(longest.status).toBe(201);
      expect(((await longest.json()) as CommentThreadDto).body).toHaveLength(5000);
    });

    it('refuses mentions of people who are not members', async () => {
      const before = await commentCount();
      const response = await startThread('lead', { body: 'Thoughts?', mentions: [people.outsider.me.user.id] });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).issues?.[0]?.path).toBe('mentions.0');
      const reply = await call('lead', 'POST', `/comments/${thread.id}/replies`, {
        body: 'Thoughts?',
        mentions: [people.viewer.me.user.id, 'zzzzzzzz'],
      });
      expect(reply.status).toBe(400);
      expect(await commentCount()).toBe(before);
    });

    it('answers 404 for a comment id that is not a thread of this entry', async () => {
      const other = await createEntry(server, people.lead);
      const elsewhere = (await (
        await startThread('lead', { body: 'Elsewhere' }, SECTION, other.id)
      ).json()) as CommentThreadDto;
      expect((await call('lead', 'POST', `/comments/${elsewhere.id}/resolve`)).status).toBe(404);
      expect((await call('lead', 'POST', `/comments/${elsewhere.id}/replies`, { body: 'Hi' })).status).toBe(404);
      const withReply = (await (
        await call('lead', 'POST', `/comments/${thread.id}/replies`, { body: 'A reply' })
      ).json()) as CommentThreadDto;
      const replyId = withReply.replies.at(-1)!.id;
      expect((await call('lead', 'POST', `/comments/${replyId}/resolve`)).status).toBe(404);
    });
  });

  describe('assignments', () => {
    it('assigns a section to members with a due date; state follows the UTC date', async () => {
      const db = server.services.database.db;
      const { contributor, lead } = people;
      const past = await call('lead', 'PUT', `/sections/${SECTION}/assignment`, {
        assigneeUserIds: [contributor.me.user.id, lead.me.user.id, contributor.me.user.id],
        dueDate: '2020-01-31',
      });
      expect(past.status).toBe(200);
      expect(await past.json()).toEqual({
        sectionId: SECTION,
        assignees: [
          { userId: lead.me.user.id, name: lead.me.user.name, organisation: expect.any(Object) },
          { userId: contributor.me.user.id, name: contributor.me.user.name, organisation: expect.any(Object) },
        ],
        dueDate: '2020-01-31',
        state: 'overdue',
        warnings: ['due_date_in_past'],
      } satisfies SavedSectionAssignmentDto);
      const today = await call('lead', 'PUT', `/sections/${OTHER_SECTION}/assignment`, {
        assigneeUserIds: [contributor.me.user.id],
        dueDate: utcDay(0),
      });
      expect(((await today.json()) as SectionAssignmentDto).state).toBe('due');

      const list = (await (await call('viewer', 'GET', '/assignments')).json()) as SectionAssignmentDto[];
      expect(list.map((a) => a.sectionId)).toEqual(entry.sections.map((s) => s.id));
      const bySection = new Map(list.map((a) => [a.sectionId, a]));
      expect(bySection.get(SECTION)?.state).toBe('overdue');
      expect(bySection.get(OTHER_SECTION)?.state).toBe('due');
      expect(bySection.get('value-and-testimonials')).toEqual({
        sectionId: 'value-and-testimonials',
        assignees: [],
        dueDate: null,
        state: 'none',
      });

      // The entry view carries each section's assignment.
      const view = (await (await api(server, contributor, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
      expect(view.sections.find((s) => s.id === SECTION)?.assignment?.state).toBe('overdue');
      expect(view.sections.find((s) => s.id === 'value-and-testimonials')?.assignment?.state).toBe('none');

      const stored = await db
        .selectFrom('section_assignees')
        .select('user_id')
        .where('entry_id', '=', entry.id)
        .where('section_id', '=', SECTION)
        .execute();
      expect(stored).toHaveLength(2);
    });

    it('counts my due and overdue sections on the dashboard', async () => {
      // THIRD_SECTION was assigned to the contributor, due in a week, by the role table above.
      const summaries = async (user: TestUser) =>
        (await (await api(server, user, 'GET', '/api/entries')).json()) as EntrySummaryDto[];
      const mine = (await summaries(people.contributor)).find((e) => e.id === entry.id);
      expect(mine?.assignedToMe).toEqual({ due: 2, overdue: 1 });
      const viewers = (await summaries(people.viewer)).find((e) => e.id === entry.id);
      expect(viewers?.assignedToMe).toEqual({ due: 0, overdue: 0 });
      const leads = (await summaries(people.lead)).find((e) => e.id === entry.id);
      expect(leads?.assignedToMe).toEqual({ due: 0, overdue: 1 });
    });

    it('a section without a due date is assigned but neither due nor overdue', async () => {
      const response = await call('lead', 'PUT', `/sections/${OTHER_SECTION}/assignment`, {
        assigneeUserIds: [people.contributor.me.user.id],
        dueDate: null,
      });
      expect(await response.json()).toMatchObject({ dueDate: null, state: 'none', assignees: [expect.any(Object)] });
    });

    it('an empty list clears the assignment', async () => {
      const response = await call('lead', 'PUT', `/sections/${OTHER_SECTION}/assignment`, {
        assigneeUserIds: [],
        dueDate: null,
      });
      expect(await response.json()).toEqual({
        sectionId: OTHER_SECTION,
        assignees: [],
        dueDate: null,
        state: 'none',
        warnings: [],
      });
      const rows = await server.services.database.db
        .selectFrom('section_assignments')
        .selectAll()
        .where('entry_id', '=', entry.id)
        .where('section_id', '=', OTHER_SECTION)
        .execute();
      expect(rows).toEqual([]);
    });

    it('a removed member is no longer listed as an assignee', async () => {
      const temp = await signUpUser(server, { organisationKind: 'supplier' });
      const other = await createEntry(server, people.lead);
      await addMember(server, people.lead, other.id, temp, 'contributor');
      const put = await api(server, people.lead, 'PUT', `/api/entries/${other.id}/sections/${SECTION}/assignment`, {
        assigneeUserIds: [temp.me.user.id],
        dueDate: '2020-01-01',
      });
      expect(put.status).toBe(200);
      const removed = await api(server, people.lead, 'DELETE', `/api/entries/${other.id}/members/${temp.me.user.id}`);
      expect(removed.status).toBe(204);
      const list = (await (
        await api(server, people.lead, 'GET', `/api/entries/${other.id}/assignments`)
      ).json()) as SectionAssignmentDto[];
      expect(list.find((a) => a.sectionId === SECTION)).toMatchObject({ assignees: [], state: 'none' });
    });
  });

  describe('threads, replies and resolution', () => {
    it('keeps threads with replies, mentions, and resolve/unresolve with who resolved', async () => {
      const { lead, contributor, viewer } = people;
      const created = await startThread('contributor', {
        body: 'Is the outcome figure for 2024 final?',
        mentions: [lead.me.user.id, viewer.me.user.id],
      });
      expect(created.status).toBe(201);
      const opened = (await created.json()) as CommentThreadDto;
      expect(opened).toEqual({
        id: expect.stringMatching(/^[a-z0-9]+$/),
        sectionId: SECTION,
        author: {
          userId: contributor.me.user.id,
          name: contributor.me.user.name,
          organisation: { id: contributor.me.organisation.id, name: contributor.me.organisation.name },
        },
        body: 'Is the outcome figure for 2024 final?',
        mentions: [
          expect.objectContaining({ userId: lead.me.user.id }),
          expect.objectContaining({ userId: viewer.me.user.id }),
        ],
        createdAt: expect.any(String),
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        replies: [],
      } satisfies CommentThreadDto);

      const first = await call('lead', 'POST', `/comments/${opened.id}/replies`, {
        body: 'Yes — signed off by finance.',
        mentions: [contributor.me.user.id],
      });
      expect(first.status).toBe(201);
      await call('contributor', 'POST', `/comments/${opened.id}/replies`, { body: 'Thanks!' });

      const resolved = await call('contributor', 'POST', `/comments/${opened.id}/resolve`);
      expect(resolved.status).toBe(200);
      const afterResolve = (await resolved.json()) as CommentThreadDto;
      expect(afterResolve).toMatchObject({
        resolved: true,
        resolvedBy: { userId: contributor.me.user.id, name: contributor.me.user.name },
        resolvedAt: expect.any(String),
      });
      // Resolving again changes nothing.
      expect((await (await call('lead', 'POST', `/comments/${opened.id}/resolve`)).json()) as CommentThreadDto).toEqual(
        afterResolve,
      );

      const listed = (await (
        await call('viewer', 'GET', `/sections/${SECTION}/comments`)
      ).json()) as CommentThreadDto[];
      const found = listed.find((t) => t.id === opened.id);
      expect(found?.resolved).toBe(true);
      expect(found?.replies.map((r) => [r.author.userId, r.body])).toEqual([
        [lead.me.user.id, 'Yes — signed off by finance.'],
        [contributor.me.user.id, 'Thanks!'],
      ]);
      expect(found?.replies[0]?.mentions.map((m) => m.userId)).toEqual([contributor.me.user.id]);
      // Threads are oldest first and only those of the section asked for.
      expect(listed[0]?.id).toBe(thread.id);
      expect(listed.every((t) => t.sectionId === SECTION)).toBe(true);
      expect(
        ((await (await call('lead', 'GET', `/sections/${OTHER_SECTION}/comments`)).json()) as CommentThreadDto[])
          .length,
      ).toBe(0);

      const reopened = await call('lead', 'POST', `/comments/${opened.id}/unresolve`);
      expect(await reopened.json()).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
    });

    it('stores bodies as plain text and returns them verbatim as JSON, never as HTML', async () => {
      const hostile = '<img src=x onerror="alert(1)"> <b>bold</b> & <script>x()</script>\nsecond line';
      const response = await startThread('lead', { body: hostile });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const created = (await response.json()) as CommentThreadDto;
      expect(created.body).toBe(hostile);
      const row = await server.services.database.db
        .selectFrom('comments')
        .select('body')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.body).toBe(hostile);
    });

    it('records activity for assignments, comments and resolutions', async () => {
      const activity = (await (await call('viewer', 'GET', '/activity')).json()) as ActivityDto[];
      const kinds = activity.map((a) => a.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['section_assigned', 'comment_added', 'comment_resolved', 'comment_unresolved']),
      );
      const assigned = activity.find((a) => a.kind === 'section_assigned' && a.detail.sectionId === SECTION);
      expect(assigned).toMatchObject({
        actor: { userId: people.lead.me.user.id },
        detail: { sectionTitle: expect.any(String), dueDate: '2020-01-31' },
      });
      const added = activity.find((a) => a.kind === 'comment_added');
      expect(added?.detail).toMatchObject({ sectionId: expect.any(String), threadId: expect.any(String) });
      // Comment text stays out of the feed.
      expect(JSON.stringify(activity)).not.toContain('signed off by finance');
    });
  });

  describe('a submitted entry', () => {
    it('refuses new comments, replies and resolutions with 409 entry_submitted; reading still works', async () => {
      const submitted = await createEntry(server, people.lead);
      await addMember(server, people.lead, submitted.id, people.contributor, 'contributor');
      await addMember(server, people.lead, submitted.id, people.viewer, 'viewer');
      const open = (await (
        await startThread('contributor', { body: 'Before submission' }, SECTION, submitted.id)
      ).json()) as CommentThreadDto;
      await server.services.database.db
        .updateTable('entries')
        .set({ status: 'submitted' })
        .where('id', '=', submitted.id)
        .execute();
      const before = await commentCount(submitted.id);
      const at = (path: string) => `/api/entries/${submitted.id}${path}`;
      const refused = await Promise.all([
        api(server, people.lead, 'POST', at(`/sections/${SECTION}/comments`), { body: 'After' }),
        api(server, people.contributor, 'POST', at(`/comments/${open.id}/replies`), { body: 'After' }),
        api(server, people.lead, 'POST', at(`/comments/${open.id}/resolve`)),
      ]);
      for (const response of refused) {
        expect(response.status).toBe(409);
        expect((await errorOf(response)).code).toBe('entry_submitted');
      }
      expect(await commentCount(submitted.id)).toBe(before);
      // Roles still come first: a viewer is refused for their role, not for the entry's state.
      const viewer = await api(server, people.viewer, 'POST', at(`/sections/${SECTION}/comments`), { body: 'x' });
      expect(viewer.status).toBe(403);

      const read = await api(server, people.viewer, 'GET', at(`/sections/${SECTION}/comments`));
      expect(read.status).toBe(200);
      expect(((await read.json()) as CommentThreadDto[]).map((t) => t.body)).toEqual(['Before submission']);
    });
  });
});
