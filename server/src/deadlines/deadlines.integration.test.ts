import type { EntryDeadlinesDto, EntryDto, ErrorBody, NotificationListDto } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually as eventuallyWithin } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 17 item 2 over HTTP, on SQLite (the embedded queue) and PostgreSQL (graphile-worker):
 * who may read and set an entry's deadlines, bad dates refused with nothing changed, the reminder
 * jobs each change leaves (cancelled and replaced), and reminders sent once their time comes
 * (the test sets the clock: vitest fakes Date, which the server and both queues read).
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const SECTION = 'context-and-evolution';
const iso = (ms: number) => new Date(ms).toISOString();

/** Polls until `check` holds, timed by performance.now(): Date is faked (and still) in some tests. */
/** graphile-worker on a loaded machine may take many seconds to pick a due job up: a generous limit. */
const eventually = (check: () => Promise<boolean>, what: string, ms = 30_000) => eventuallyWithin(check, what, ms);

describe.each(TEST_DATABASES)('entry deadlines and reminders on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let partnerLead: TestUser;
  let contributor: TestUser;
  let outsider: TestUser;
  let entry: EntryDto;

  const url = () => `/api/entries/${entry.id}/deadlines`;
  const read = async (user: TestUser) => (await (await api(server, user, 'GET', url())).json()) as EntryDeadlinesDto;
  const pendingKeys = async () =>
    (await server.services.jobs.pending(`reminder:${entry.id}:`)).map((j) => j.key).sort();

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    [lead, partnerLead, contributor, outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, partnerLead, 'lead');
    await addMember(server, lead, entry.id, contributor, 'contributor');
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  it('every member reads them (no row: no deadlines, every reminder on); only leads may change them', async () => {
    const initial = await read(contributor);
    expect(initial).toEqual({
      entryDeadline: null,
      awardDeadline: null,
      awardDeadlineSource: null,
      reminderOffsets: ['7d', '2d', 'morning'],
      countdown: null,
      canEdit: false,
    });
    expect((await read(lead)).canEdit).toBe(true);
    const body = { entryDeadline: iso(Date.now() + 10 * DAY), reminderOffsets: ['7d'] };
    const byContributor = await api(server, contributor, 'PUT', url(), body);
    expect(byContributor.status).toBe(403);
    for (const [method, payload] of [
      ['GET', undefined],
      ['PUT', body],
    ] as const) {
      const byOutsider = await api(server, outsider, method, url(), payload);
      expect(byOutsider.status).toBe(404);
    }
    expect(await read(lead)).toEqual({ ...initial, canEdit: true });
    expect(await pendingKeys()).toEqual([]);
  });

  it('bad dates and reminders are refused with 400 validation_failed, nothing changed', async () => {
    const set = await api(server, lead, 'PUT', url(), {
      entryDeadline: iso(Date.now() + 20 * DAY),
      awardDeadline: iso(Date.now() + 30 * DAY),
      reminderOffsets: ['7d', '2d'],
    });
    expect(set.status).toBe(200);
    const before = await read(lead);
    const jobsBefore = await pendingKeys();
    const bad: [unknown, string][] = [
      [{ entryDeadline: 'next Tuesday', reminderOffsets: [] }, 'entryDeadline'],
      [{ entryDeadline: '2027-02-30T17:00:00Z', reminderOffsets: [] }, 'entryDeadline'],
      [{ entryDeadline: iso(Date.now() - HOUR), reminderOffsets: [] }, 'entryDeadline'],
      [{ entryDeadline: iso(Date.now() + 6 * 366 * DAY), reminderOffsets: [] }, 'entryDeadline'],
      [
        { entryDeadline: iso(Date.now() + 40 * DAY), awardDeadline: iso(Date.now() + 30 * DAY), reminderOffsets: [] },
        'entryDeadline',
      ],
      [{ entryDeadline: null, reminderOffsets: ['7d', '7d'] }, 'reminderOffsets'],
      [{ entryDeadline: null, reminderOffsets: ['3d'] }, 'reminderOffsets.0'],
      [{ entryDeadline: null, reminderOffsets: [], status: 'submitted' }, ''],
    ];
    for (const [body, path] of bad) {
      const response = await api(server, lead, 'PUT', url(), body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe('validation_failed');
      expect(error.issues?.[0]?.path).toBe(path);
    }
    expect(await read(lead)).toEqual(before);
    expect(await pendingKeys()).toEqual(jobsBefore);
  });

  it('setting them schedules reminders for leads and endorsements; a change replaces them, none left stale', async () => {
    const deadline = Date.now() + 20 * DAY;
    const response = await api(server, lead, 'PUT', url(), {
      entryDeadline: iso(deadline),
      awardDeadline: null,
      reminderOffsets: ['7d', '2d'],
    });
    expect(response.status).toBe(200);
    const dto = (await response.json()) as EntryDeadlinesDto;
    expect(dto).toMatchObject({ entryDeadline: iso(deadline), countdown: { to: iso(deadline), which: 'entry' } });
    const stamp = iso(deadline);
    expect(await pendingKeys()).toEqual(
      [
        `reminder:${entry.id}:deadline:2d:${stamp}`,
        `reminder:${entry.id}:deadline:7d:${stamp}`,
        `reminder:${entry.id}:endorsement:2d:${stamp}`,
        `reminder:${entry.id}:endorsement:7d:${stamp}`,
      ].sort(),
    );
    // The dashboard and entry page count down to it.
    const page = (await (await api(server, contributor, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
    expect(page.countdown).toEqual({ to: stamp, which: 'entry' });

    // Moved, with one reminder fewer: the old jobs are gone, the new ones pending.
    const moved = deadline + DAY;
    await api(server, lead, 'PUT', url(), { entryDeadline: iso(moved), reminderOffsets: ['2d'] });
    expect(await pendingKeys()).toEqual(
      [`reminder:${entry.id}:deadline:2d:${iso(moved)}`, `reminder:${entry.id}:endorsement:2d:${iso(moved)}`].sort(),
    );

    // A section's due date adds its assignees' reminders; clearing it takes them away.
    const dueDate = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const assign = (due: string | null) =>
      api(server, lead, 'PUT', `/api/entries/${entry.id}/sections/${SECTION}/assignment`, {
        assigneeUserIds: [contributor.me.user.id],
        dueDate: due,
      });
    expect((await assign(dueDate)).status).toBe(200);
    await eventually(
      async () => (await pendingKeys()).includes(`reminder:${entry.id}:due_date:2d:${dueDate}`),
      'due-date reminder scheduled',
    );
    expect((await assign(null)).status).toBe(200);
    await eventually(async () => (await pendingKeys()).length === 2, 'due-date reminder cancelled');

    // No deadline and no reminders: nothing pending.
    await api(server, lead, 'PUT', url(), { entryDeadline: null, reminderOffsets: [] });
    expect(await pendingKeys()).toEqual([]);
  });

  it('when its time comes a reminder reaches the leads and each organisation not endorsed, once', {
    timeout: 90_000,
  }, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const deadline = start + 7 * DAY + HOUR;
    const dueDate = new Date(start + 30 * DAY).toISOString().slice(0, 10);
    await api(server, lead, 'PUT', `/api/entries/${entry.id}/sections/${SECTION}/assignment`, {
      assigneeUserIds: [contributor.me.user.id],
      dueDate,
    });
    const set = await api(server, lead, 'PUT', url(), { entryDeadline: iso(deadline), reminderOffsets: ['7d'] });
    expect(set.status).toBe(200);
    const reminders = async (user: TestUser) =>
      (
        (await (await api(server, user, 'GET', '/api/notifications')).json()) as NotificationListDto
      ).notifications.filter((n) => n.kind.endsWith('_reminder'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await reminders(lead)).toEqual([]);

    vi.setSystemTime(start + HOUR + 1000);
    await eventually(async () => (await reminders(partnerLead)).length === 2, 'the reminders reached the partner lead');
    for (const person of [lead, partnerLead]) {
      const got = await reminders(person);
      expect(got.map((n) => n.kind).sort()).toEqual(['deadline_reminder', 'endorsement_reminder']);
      expect(got[0]).toMatchObject({ actor: { name: 'Jointly' }, ref: `7d|${iso(deadline)}`, entry: { id: entry.id } });
    }
    // The contributor leads nothing and its section is due in 30 days: no reminder yet.
    expect(await reminders(contributor)).toEqual([]);
    const sent = await server.services.database.db
      .selectFrom('sent_reminders')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .execute();
    expect(sent.map((s) => s.job_key).sort()).toEqual(
      [
        `reminder:${entry.id}:deadline:7d:${iso(deadline)}`,
        `reminder:${entry.id}:endorsement:7d:${iso(deadline)}`,
      ].sort(),
    );

    // The same job run again (as after a crash between the commit and the queue's record): nothing more.
    await server.services.jobs.schedule({
      kind: 'deadline_reminder',
      key: `reminder:${entry.id}:deadline:7d:${iso(deadline)}`,
      runAt: Date.now(),
      payload: { entryId: entry.id, target: 'deadline', offset: '7d', dueAt: deadline, dueDate: null },
    });
    await eventually(
      async () => (await server.services.jobs.pending(`reminder:${entry.id}:deadline:7d`)).length === 0,
      'rerun done',
    );
    expect(await reminders(lead)).toHaveLength(2);

    // A job whose date is no longer the entry's (a cancel missed) sends nothing.
    await server.services.jobs.schedule({
      kind: 'deadline_reminder',
      key: `reminder:${entry.id}:deadline:2d:${iso(deadline + DAY)}`,
      runAt: Date.now(),
      payload: { entryId: entry.id, target: 'deadline', offset: '2d', dueAt: deadline + DAY, dueDate: null },
    });
    await eventually(
      async () => (await server.services.jobs.pending(`reminder:${entry.id}:deadline:2d`)).length === 0,
      'stale job done',
    );
    expect(await reminders(lead)).toHaveLength(2);

    // The assignee's reminder: the morning 7 days before the section's due date (read from the
    // table: sessions idle for a day have ended by then).
    vi.setSystemTime(start + 24 * DAY);
    const assigneeReminders = () =>
      server.services.database.db
        .selectFrom('notifications')
        .select(['kind', 'section_id'])
        .where('user_id', '=', contributor.me.user.id)
        .where('kind', 'like', '%_reminder')
        .execute();
    await eventually(async () => (await assigneeReminders()).length === 1, 'the assignee was reminded');
    expect(await assigneeReminders()).toEqual([{ kind: 'due_date_reminder', section_id: SECTION }]);
  });
});
