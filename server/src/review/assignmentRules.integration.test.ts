import { type EntryDto, type ErrorBody, ErrorCode, type SavedSectionAssignmentDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 11 item 14 through the real server and SQLite: an assignment may only name members who
 * can write the section (a viewer is refused, nothing stored), and a due date already past is
 * saved with a warning the page shows.
 */

const SECTION = 'context-and-evolution';
/** A UTC calendar date `days` from today. */
const utcDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('assignment rules (issue 11 item 14)', () => {
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let entry: EntryDto;

  beforeAll(async () => {
    server = await startTestServer();
    [lead, contributor, viewer] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector', name: 'Vera Viewer' }),
    ]);
    entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, contributor, 'contributor');
    await addMember(server, lead, entry.id, viewer, 'viewer');
  });
  afterAll(() => server.close());

  const assign = (body: unknown) =>
    api(server, lead, 'PUT', `/api/entries/${entry.id}/sections/${SECTION}/assignment`, body);
  const stored = async () => {
    const db = server.services.database.db;
    const [assignment, assignees, activity] = await Promise.all([
      db.selectFrom('section_assignments').selectAll().where('entry_id', '=', entry.id).execute(),
      db.selectFrom('section_assignees').selectAll().where('entry_id', '=', entry.id).execute(),
      db.selectFrom('activity').select('id').where('entry_id', '=', entry.id).execute(),
    ]);
    return { assignment, assignees, activity: activity.length };
  };

  it('I11-14: assigning a viewer is refused with 409 assignee_cannot_write and changes nothing', async () => {
    const first = await assign({ assigneeUserIds: [contributor.me.user.id], dueDate: utcDay(7) });
    expect(first.status).toBe(200);
    const before = await stored();

    for (const ids of [[viewer.me.user.id], [contributor.me.user.id, viewer.me.user.id]]) {
      const response = await assign({ assigneeUserIds: ids, dueDate: null });
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe(ErrorCode.assigneeCannotWrite);
      expect(error.message).toContain('Vera Viewer is a viewer and cannot write');
      expect(error.issues).toEqual([{ path: `assigneeUserIds.${ids.length - 1}`, message: error.message }]);
      expect(await stored()).toEqual(before);
    }
  });

  it('I11-14: a viewer made a contributor can then be assigned', async () => {
    const promoted = await api(server, lead, 'PATCH', `/api/entries/${entry.id}/members/${viewer.me.user.id}`, {
      role: 'contributor',
    });
    expect(promoted.status).toBe(200);
    const response = await assign({ assigneeUserIds: [viewer.me.user.id], dueDate: null });
    expect(response.status).toBe(200);
    const demoted = await api(server, lead, 'PATCH', `/api/entries/${entry.id}/members/${viewer.me.user.id}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);
  });

  it('I11-14: a due date in the past is saved, with the warning due_date_in_past; today or later has none', async () => {
    const past = await assign({ assigneeUserIds: [contributor.me.user.id], dueDate: utcDay(-1) });
    expect(past.status).toBe(200);
    expect(await past.json()).toMatchObject({
      dueDate: utcDay(-1),
      state: 'overdue',
      warnings: ['due_date_in_past'],
    } satisfies Partial<SavedSectionAssignmentDto>);
    expect((await stored()).assignment).toMatchObject([{ due_date: utcDay(-1) }]);

    for (const days of [0, 30]) {
      const response = await assign({ assigneeUserIds: [contributor.me.user.id], dueDate: utcDay(days) });
      expect(((await response.json()) as SavedSectionAssignmentDto).warnings).toEqual([]);
    }
    const none = await assign({ assigneeUserIds: [contributor.me.user.id], dueDate: null });
    expect(((await none.json()) as SavedSectionAssignmentDto).warnings).toEqual([]);
  });
});
