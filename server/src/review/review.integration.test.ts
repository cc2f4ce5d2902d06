import type {
  ActivityDto,
  CommentThreadDto,
  EntryDto,
  EntrySummaryDto,
  SavedSectionAssignmentDto,
  SectionAssignmentDto,
} from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import {
  errorOf,
  OTHER_SECTION,
  SECTION,
  THIRD_SECTION,
  useReviewFixture,
  utcDay,
} from './testing/useReviewFixture.ts';

/**
 * Section assignments and comment threads (PRODUCT §3 journey 6) through the
 * real server and SQLite: due/overdue from the server's UTC clock, threads,
 * replies, resolution, and comments closed on a submitted entry. Who may call
 * each route, and validation, are reviewRoutes.integration.test.ts.
 */

describe('review: assignments and comments', () => {
  const f = useReviewFixture();

  describe('assignments', () => {
    it('assigns a section to members with a due date; state follows the UTC date', async () => {
      const db = f.server.services.database.db;
      const { contributor, lead } = f.people;
      const past = await f.call('lead', 'PUT', `/sections/${SECTION}/assignment`, {
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
      const today = await f.call('lead', 'PUT', `/sections/${OTHER_SECTION}/assignment`, {
        assigneeUserIds: [contributor.me.user.id],
        dueDate: utcDay(0),
      });
      expect(((await today.json()) as SectionAssignmentDto).state).toBe('due');

      const list = (await (await f.call('viewer', 'GET', '/assignments')).json()) as SectionAssignmentDto[];
      expect(list.map((a) => a.sectionId)).toEqual(f.entry.sections.map((s) => s.id));
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
      const view = (await (await api(f.server, contributor, 'GET', `/api/entries/${f.entry.id}`)).json()) as EntryDto;
      expect(view.sections.find((s) => s.id === SECTION)?.assignment?.state).toBe('overdue');
      expect(view.sections.find((s) => s.id === 'value-and-testimonials')?.assignment?.state).toBe('none');

      const stored = await db
        .selectFrom('section_assignees')
        .select('user_id')
        .where('entry_id', '=', f.entry.id)
        .where('section_id', '=', SECTION)
        .execute();
      expect(stored).toHaveLength(2);
    });

    it('counts my due and overdue sections on the dashboard', async () => {
      const inAWeek = await f.call('lead', 'PUT', `/sections/${THIRD_SECTION}/assignment`, {
        assigneeUserIds: [f.people.contributor.me.user.id],
        dueDate: utcDay(7),
      });
      expect(inAWeek.status).toBe(200);
      const summaries = async (user: TestUser) =>
        (await (await api(f.server, user, 'GET', '/api/entries')).json()) as EntrySummaryDto[];
      const mine = (await summaries(f.people.contributor)).find((e) => e.id === f.entry.id);
      expect(mine?.assignedToMe).toEqual({ due: 2, overdue: 1 });
      const viewers = (await summaries(f.people.viewer)).find((e) => e.id === f.entry.id);
      expect(viewers?.assignedToMe).toEqual({ due: 0, overdue: 0 });
      const leads = (await summaries(f.people.lead)).find((e) => e.id === f.entry.id);
      expect(leads?.assignedToMe).toEqual({ due: 0, overdue: 1 });
    });

    it('a section without a due date is assigned but neither due nor overdue', async () => {
      const response = await f.call('lead', 'PUT', `/sections/${OTHER_SECTION}/assignment`, {
        assigneeUserIds: [f.people.contributor.me.user.id],
        dueDate: null,
      });
      expect(await response.json()).toMatchObject({ dueDate: null, state: 'none', assignees: [expect.any(Object)] });
    });

    it('an empty list clears the assignment', async () => {
      const response = await f.call('lead', 'PUT', `/sections/${OTHER_SECTION}/assignment`, {
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
      const rows = await f.server.services.database.db
        .selectFrom('section_assignments')
        .selectAll()
        .where('entry_id', '=', f.entry.id)
        .where('section_id', '=', OTHER_SECTION)
        .execute();
      expect(rows).toEqual([]);
    });

    it('a removed member is no longer listed as an assignee', async () => {
      const temp = await signUpUser(f.server, { organisationKind: 'supplier' });
      const other = await createEntry(f.server, f.people.lead);
      await addMember(f.server, f.people.lead, other.id, temp, 'contributor');
      const put = await api(f.server, f.people.lead, 'PUT', `/api/entries/${other.id}/sections/${SECTION}/assignment`, {
        assigneeUserIds: [temp.me.user.id],
        dueDate: '2020-01-01',
      });
      expect(put.status).toBe(200);
      const removed = await api(
        f.server,
        f.people.lead,
        'DELETE',
        `/api/entries/${other.id}/members/${temp.me.user.id}`,
      );
      expect(removed.status).toBe(204);
      const list = (await (
        await api(f.server, f.people.lead, 'GET', `/api/entries/${other.id}/assignments`)
      ).json()) as SectionAssignmentDto[];
      expect(list.find((a) => a.sectionId === SECTION)).toMatchObject({ assignees: [], state: 'none' });
    });
  });

  describe('threads, replies and resolution', () => {
    it('keeps threads with replies, mentions, and resolve/unresolve with who resolved', async () => {
      const { lead, contributor, viewer } = f.people;
      const created = await f.startThread('contributor', {
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

      const first = await f.call('lead', 'POST', `/comments/${opened.id}/replies`, {
        body: 'Yes — signed off by finance.',
        mentions: [contributor.me.user.id],
      });
      expect(first.status).toBe(201);
      await f.call('contributor', 'POST', `/comments/${opened.id}/replies`, { body: 'Thanks!' });

      const resolved = await f.call('contributor', 'POST', `/comments/${opened.id}/resolve`);
      expect(resolved.status).toBe(200);
      const afterResolve = (await resolved.json()) as CommentThreadDto;
      expect(afterResolve).toMatchObject({
        resolved: true,
        resolvedBy: { userId: contributor.me.user.id, name: contributor.me.user.name },
        resolvedAt: expect.any(String),
      });
      // Resolving again changes nothing.
      expect(
        (await (await f.call('lead', 'POST', `/comments/${opened.id}/resolve`)).json()) as CommentThreadDto,
      ).toEqual(afterResolve);

      const listed = (await (
        await f.call('viewer', 'GET', `/sections/${SECTION}/comments`)
      ).json()) as CommentThreadDto[];
      const found = listed.find((t) => t.id === opened.id);
      expect(found?.resolved).toBe(true);
      expect(found?.replies.map((r) => [r.author.userId, r.body])).toEqual([
        [lead.me.user.id, 'Yes — signed off by finance.'],
        [contributor.me.user.id, 'Thanks!'],
      ]);
      expect(found?.replies[0]?.mentions.map((m) => m.userId)).toEqual([contributor.me.user.id]);
      // Threads are oldest first and only those of the section asked for.
      expect(listed[0]?.id).toBe(f.thread.id);
      expect(listed.every((t) => t.sectionId === SECTION)).toBe(true);
      expect(
        ((await (await f.call('lead', 'GET', `/sections/${OTHER_SECTION}/comments`)).json()) as CommentThreadDto[])
          .length,
      ).toBe(0);

      const reopened = await f.call('lead', 'POST', `/comments/${opened.id}/unresolve`);
      expect(await reopened.json()).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
    });

    it('stores bodies as plain text and returns them verbatim as JSON, never as HTML', async () => {
      const hostile = '<img src=x onerror="alert(1)"> <b>bold</b> & <script>x()</script>\nsecond line';
      const response = await f.startThread('lead', { body: hostile });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const created = (await response.json()) as CommentThreadDto;
      expect(created.body).toBe(hostile);
      const row = await f.server.services.database.db
        .selectFrom('comments')
        .select('body')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.body).toBe(hostile);
    });

    it('records activity for assignments, comments and resolutions', async () => {
      const activity = (await (await f.call('viewer', 'GET', '/activity')).json()) as ActivityDto[];
      const kinds = activity.map((a) => a.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['section_assigned', 'comment_added', 'comment_resolved', 'comment_unresolved']),
      );
      const assigned = activity.find((a) => a.kind === 'section_assigned' && a.detail.sectionId === SECTION);
      expect(assigned).toMatchObject({
        actor: { userId: f.people.lead.me.user.id },
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
      const submitted = await createEntry(f.server, f.people.lead);
      await addMember(f.server, f.people.lead, submitted.id, f.people.contributor, 'contributor');
      await addMember(f.server, f.people.lead, submitted.id, f.people.viewer, 'viewer');
      const open = (await (
        await f.startThread('contributor', { body: 'Before submission' }, SECTION, submitted.id)
      ).json()) as CommentThreadDto;
      await f.server.services.database.db
        .updateTable('entries')
        .set({ status: 'submitted' })
        .where('id', '=', submitted.id)
        .execute();
      const before = await f.commentCount(submitted.id);
      const at = (path: string) => `/api/entries/${submitted.id}${path}`;
      const refused = await Promise.all([
        api(f.server, f.people.lead, 'POST', at(`/sections/${SECTION}/comments`), { body: 'After' }),
        api(f.server, f.people.contributor, 'POST', at(`/comments/${open.id}/replies`), { body: 'After' }),
        api(f.server, f.people.lead, 'POST', at(`/comments/${open.id}/resolve`)),
      ]);
      for (const response of refused) {
        expect(response.status).toBe(409);
        expect((await errorOf(response)).code).toBe('entry_submitted');
      }
      expect(await f.commentCount(submitted.id)).toBe(before);
      // Roles still come first: a viewer is refused for their role, not for the entry's state.
      const viewer = await api(f.server, f.people.viewer, 'POST', at(`/sections/${SECTION}/comments`), { body: 'x' });
      expect(viewer.status).toBe(403);

      const read = await api(f.server, f.people.viewer, 'GET', at(`/sections/${SECTION}/comments`));
      expect(read.status).toBe(200);
      expect(((await read.json()) as CommentThreadDto[]).map((t) => t.body)).toEqual(['Before submission']);
    });
  });
});
