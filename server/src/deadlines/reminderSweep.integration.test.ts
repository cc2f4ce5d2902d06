import { type CustomCategoryDto, findCategory } from '@jointly/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { REMINDER_SWEEP_EVERY_MS, REMINDER_SWEEP_JOB_KEY } from './reminderSweep.ts';

/**
 * Reminders for entries nobody planned (issue 17 item 2, entries that existed before reminders
 * did): an entry on a category whose template gives a deadline has no reminder job until the
 * sweep finds it. Two sweeps at once (on PostgreSQL, a second process starting, whose start-up
 * sweep runs beside the first's; on SQLite, two in one process) schedule each reminder once, and
 * the sweep itself stays one pending job; an entry a lead planned, and a submitted entry, are
 * left as they are.
 */
const DAY = 24 * 60 * 60 * 1000;

describe.each(TEST_DATABASES)('the reminder sweep on %s', (name, makeStore) => {
  let store: TestDatabase;
  let a: TestServer;
  let b: TestServer | null = null;
  let lead: TestUser;

  beforeAll(async () => {
    store = await makeStore();
    a = await startTestServer(store.env);
    lead = await signUpUser(a);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await store?.drop();
  });

  const pendingKeys = async (server: TestServer, prefix: string) =>
    (await server.services.jobs.pending(prefix)).map((job) => job.key).sort();
  const recorded = async (entryId: string) =>
    (
      await a.services.database.db
        .selectFrom('entry_reminder_jobs')
        .select('job_key')
        .where('entry_id', '=', entryId)
        .execute()
    )
      .map((row) => row.job_key)
      .sort();

  async function entryOnCategoryWithDeadline(): Promise<string> {
    const template = {
      ...findCategory('hsj-awards-provider-collaboration')!,
      programme: `Award ${Date.now()}`,
      // At 17:00 UTC ten days on, whatever the hour now: "the morning of" (08:00 London) is then
      // before the deadline, so every reminder is planned (a deadline at 00:30 has no morning of).
      deadline: `${new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10)}T17:00:00Z`,
    };
    const made = await api(a, lead, 'POST', '/api/categories', { template });
    expect(made.status).toBe(201);
    return (await createEntry(a, lead, ((await made.json()) as CustomCategoryDto).id)).id;
  }

  it('schedules the reminders of an entry that has none, once, even with two sweeps at once', async () => {
    // The start-up sweep has run (the next is an hour away): what is made now is planned by nobody.
    await expect
      .poll(async () => (await a.services.jobs.pending(REMINDER_SWEEP_JOB_KEY))[0]?.runAt ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(Date.now() + REMINDER_SWEEP_EVERY_MS / 2);
    const unplanned = await entryOnCategoryWithDeadline();
    const planned = await entryOnCategoryWithDeadline();
    const submitted = await entryOnCategoryWithDeadline();
    // A lead chose one reminder for this one: the sweep must not put the others back.
    const set = await api(a, lead, 'PUT', `/api/entries/${planned}/deadlines`, {
      entryDeadline: null,
      reminderOffsets: ['7d'],
    });
    expect(set.status).toBe(200);
    const plannedBefore = await pendingKeys(a, `reminder:${planned}:`);
    expect(plannedBefore).toHaveLength(2);
    await a.services.database.db
      .updateTable('entries')
      .set({ status: 'submitted' })
      .where('id', '=', submitted)
      .execute();
    expect(await pendingKeys(a, `reminder:${unplanned}:`)).toEqual([]);
    expect(await recorded(unplanned)).toEqual([]);

    if (name === 'PostgreSQL') {
      // A second process starts: its start-up sweep and the first process's run at once.
      const [started] = await Promise.all([startTestServer(store.env), a.services.reminderSweep.sweep()]);
      b = started;
    } else {
      await Promise.all([a.services.reminderSweep.sweep(), a.services.reminderSweep.sweep()]);
    }
    const expected = [...(await a.services.deadlines.plannedKeys(unplanned))].sort();
    expect(expected).toHaveLength(6); // the deadline and the endorsement reminders, 7 days, 2 days and the morning before
    await expect.poll(() => recorded(unplanned), { timeout: 20_000 }).toEqual(expected);
    const jobs = await a.services.jobs.pending(`reminder:${unplanned}:`);
    expect(jobs.map((job) => job.key).sort()).toEqual(expected);
    expect(new Set(jobs.map((job) => job.key)).size).toBe(jobs.length);
    if (b) expect(await pendingKeys(b, `reminder:${unplanned}:`)).toEqual(expected);

    expect(await pendingKeys(a, `reminder:${planned}:`)).toEqual(plannedBefore);
    expect(await pendingKeys(a, `reminder:${submitted}:`)).toEqual([]);
    // One sweep pending for the deployment, an hour on.
    await expect.poll(async () => (await a.services.jobs.pending(REMINDER_SWEEP_JOB_KEY)).length).toBe(1);
    // Swept again: nothing more to plan, nothing scheduled twice.
    await a.services.reminderSweep.sweep();
    expect(await pendingKeys(a, `reminder:${unplanned}:`)).toEqual(expected);
  }, 120_000);
});
