import type { CommentThreadDto } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { api, createEntry } from '../test/factories.ts';
import { errorOf, SECTION, THIRD_SECTION, useReviewFixture, utcDay, type Who } from './testing/useReviewFixture.ts';

/**
 * The review routes' boundary (PRODUCT §4) through the real server and
 * SQLite: every assignment and comment route × every role, and validation of
 * what they are sent. What the routes do is review.integration.test.ts.
 */

describe('review: assignments and comments', () => {
  const f = useReviewFixture();

  describe('every route by role', () => {
    const cases: [string, (who: Who) => Promise<Response>, Record<Who, number>][] = [
      [
        'GET /entries/:id/assignments',
        (who) => f.call(who, 'GET', '/assignments'),
        { lead: 200, contributor: 200, viewer: 200, outsider: 404, signedOut: 401 },
      ],
      [
        'PUT /entries/:id/sections/:sectionId/assignment',
        (who) =>
          f.call(who, 'PUT', `/sections/${THIRD_SECTION}/assignment`, {
            assigneeUserIds: [f.people.contributor.me.user.id],
            dueDate: utcDay(7),
          }),
        { lead: 200, contributor: 403, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'GET /entries/:id/sections/:sectionId/comments',
        (who) => f.call(who, 'GET', `/sections/${SECTION}/comments`),
        { lead: 200, contributor: 200, viewer: 200, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/sections/:sectionId/comments',
        (who) => f.startThread(who, { body: `A note from the ${who}` }),
        { lead: 201, contributor: 201, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/comments/:commentId/replies',
        (who) => f.call(who, 'POST', `/comments/${f.thread.id}/replies`, { body: `A reply from the ${who}` }),
        { lead: 201, contributor: 201, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/comments/:commentId/resolve',
        (who) => f.call(who, 'POST', `/comments/${f.thread.id}/resolve`),
        { lead: 200, contributor: 200, viewer: 403, outsider: 404, signedOut: 401 },
      ],
      [
        'POST /entries/:id/comments/:commentId/unresolve',
        (who) => f.call(who, 'POST', `/comments/${f.thread.id}/unresolve`),
        { lead: 200, contributor: 200, viewer: 403, outsider: 404, signedOut: 401 },
      ],
    ];

    describe.each(cases)('%s', (_name, request, expected) => {
      it.each(Object.entries(expected) as [Who, number][])('%s → %i', async (who, status) => {
        const before = await f.commentCount();
        const response = await request(who);
        expect(response.status).toBe(status);
        if (status >= 400) {
          const code = (await errorOf(response)).code;
          expect(code).toBe({ 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[status]);
          expect(await f.commentCount()).toBe(before);
        }
      });
    });

    it('a non-member cannot tell a missing entry from one they are not in', async () => {
      const missing = await api(
        f.server,
        f.people.outsider,
        'GET',
        `/api/entries/zzzzzzzz/sections/${SECTION}/comments`,
      );
      const notMine = await f.call('outsider', 'GET', `/sections/${SECTION}/comments`);
      expect([missing.status, notMine.status]).toEqual([404, 404]);
      expect(await missing.json()).toEqual(await notMine.json());
    });
  });

  describe('validation', () => {
    const assign = (body: unknown, sectionId = SECTION) =>
      f.call('lead', 'PUT', `/sections/${sectionId}/assignment`, body);

    it('refuses an unknown section with 400 on every section route', async () => {
      const responses = await Promise.all([
        assign({ assigneeUserIds: [], dueDate: null }, 'no-such-section'),
        f.call('lead', 'GET', '/sections/no-such-section/comments'),
        f.startThread('lead', { body: 'Hello' }, 'no-such-section'),
        f.call('lead', 'GET', '/sections/Not_A_Slug/comments'),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(400);
        expect((await errorOf(response)).code).toBe('validation_failed');
      }
    });

    it('refuses assignees who are not members', async () => {
      const response = await assign({
        assigneeUserIds: [f.people.contributor.me.user.id, f.people.outsider.me.user.id],
        dueDate: null,
      });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).issues).toEqual([
        { path: 'assigneeUserIds.1', message: expect.stringContaining('members') },
      ]);
      expect((await assign({ assigneeUserIds: ['not an id'], dueDate: null })).status).toBe(400);
    });

    it('refuses dates that are not real YYYY-MM-DD dates, and a due date with nobody assigned', async () => {
      const contributor = f.people.contributor.me.user.id;
      for (const dueDate of ['2025-02-30', '2025-1-5', '05/01/2025', '2025-01-05T00:00:00Z', 20250105, '']) {
        expect((await assign({ assigneeUserIds: [contributor], dueDate })).status).toBe(400);
      }
      expect((await assign({ assigneeUserIds: [], dueDate: utcDay(3) })).status).toBe(400);
      expect((await assign({ assigneeUserIds: [contributor] })).status).toBe(400);
    });

    it('refuses mass-assignment keys on both bodies', async () => {
      const assignment = await assign({
        assigneeUserIds: [f.people.contributor.me.user.id],
        dueDate: null,
        assignedBy: f.people.viewer.me.user.id,
      });
      expect(assignment.status).toBe(400);
      const comment = await f.startThread('contributor', { body: 'Hi', authorId: f.people.lead.me.user.id });
      expect(comment.status).toBe(400);
      const reply = await f.call('contributor', 'POST', `/comments/${f.thread.id}/replies`, {
        body: 'Hi',
        resolved: true,
      });
      expect(reply.status).toBe(400);
      const proto = await api(
        f.server,
        f.people.contributor,
        'POST',
        `/api/entries/${f.entry.id}/sections/${SECTION}/comments`,
        JSON.parse('{"body":"Hi","__proto__":{"admin":true}}'),
      );
      expect(proto.status).toBe(400);
    });

    it('refuses empty, blank and oversized comment bodies; 5000 characters is accepted', async () => {
      const before = await f.commentCount();
      for (const body of [{}, { body: '' }, { body: '   \n\t ' }, { body: 'x'.repeat(5001) }, { body: 42 }]) {
        const response = await f.startThread('contributor', body);
        expect(response.status).toBe(400);
        expect((await errorOf(response)).code).toBe('validation_failed');
      }
      expect((await f.call('contributor', 'POST', `/comments/${f.thread.id}/replies`, { body: '' })).status).toBe(400);
      expect(await f.commentCount()).toBe(before);
      const longest = await f.startThread('contributor', { body: 'y'.repeat(5000) });
      expect(longest.status).toBe(201);
      expect(((await longest.json()) as CommentThreadDto).body).toHaveLength(5000);
    });

    it('refuses mentions of people who are not members', async () => {
      const before = await f.commentCount();
      const response = await f.startThread('lead', { body: 'Thoughts?', mentions: [f.people.outsider.me.user.id] });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).issues?.[0]?.path).toBe('mentions.0');
      const reply = await f.call('lead', 'POST', `/comments/${f.thread.id}/replies`, {
        body: 'Thoughts?',
        mentions: [f.people.viewer.me.user.id, 'zzzzzzzz'],
      });
      expect(reply.status).toBe(400);
      expect(await f.commentCount()).toBe(before);
    });

    it('answers 404 for a comment id that is not a thread of this entry', async () => {
      const other = await createEntry(f.server, f.people.lead);
      const elsewhere = (await (
        await f.startThread('lead', { body: 'Elsewhere' }, SECTION, other.id)
      ).json()) as CommentThreadDto;
      expect((await f.call('lead', 'POST', `/comments/${elsewhere.id}/resolve`)).status).toBe(404);
      expect((await f.call('lead', 'POST', `/comments/${elsewhere.id}/replies`, { body: 'Hi' })).status).toBe(404);
      const withReply = (await (
        await f.call('lead', 'POST', `/comments/${f.thread.id}/replies`, { body: 'A reply' })
      ).json()) as CommentThreadDto;
      const replyId = withReply.replies.at(-1)!.id;
      expect((await f.call('lead', 'POST', `/comments/${replyId}/resolve`)).status).toBe(404);
    });
  });
});
