import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { createGraphileJobQueue } from '../jobs/jobQueue.graphile.ts';
import { jobQueueSchema } from '../jobs/jobQueueSchema.ts';
import { createLogger } from '../logger.ts';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { type ChildServer, kill9, startChildServer } from '../test/childServer.ts';
import { addMember, api, createEntry, signUpUser } from '../test/factories.ts';

/**
 * Issue 17 item 2 in scaled mode: two real server processes sharing PostgreSQL (and Redis), their
 * clocks set by the test (test/testClock.mjs). Reminders scheduled through one process are sent
 * by the other after the first is killed (SIGKILL) before they were due, and reminders due while
 * both run are sent once, not once per process: every (person, kind, date) exactly once.
 */
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const clockModule = path.resolve(import.meta.dirname, '../test/testClock.mjs');

async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('deadline reminders with two scaled processes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-reminders-'));
  const clockFile = path.join(dataDir, 'clock-offset-ms');
  const children: ChildServer[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(children.map((child) => kill9(child)));
    for (const cleanup of cleanups.reverse()) await cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('each reminder is sent exactly once, whichever process runs, with one killed between scheduling and sending', async () => {
    fs.writeFileSync(clockFile, '0');
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueRedisPrefix(),
      JOINTLY_TEST_CLOCK_FILE: clockFile,
      NODE_OPTIONS: `--import ${clockModule}`,
    };
    const start = async () => {
      const child = await startChildServer(dataDir, env, 90_000);
      children.push(child);
      return child;
    };
    // Migrated here first (ours and graphile-worker's): on a loaded machine two child processes
    // migrating a fresh schema may not start within the helper's 20 s.
    const handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 1 });
    const queue = createGraphileJobQueue({
      connectionString: schema.url,
      schema: await jobQueueSchema(handle.db),
      logger: createLogger('silent'),
      pollMs: 1000,
      concurrency: 1,
    });
    await queue.pending('none');
    await queue.close();
    await handle.close();
    const [a, b] = await Promise.all([start(), start()]);
    const db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    cleanups.push(() => db.end());

    // Through A: two leads of two organisations, and a deadline 10 days ahead with reminders 7 and 2 days before.
    const lead = await signUpUser(a, { organisationKind: 'nhs_trust' });
    const partnerLead = await signUpUser(a, { organisationKind: 'supplier' });
    const entry = await createEntry(a, lead);
    await addMember(a, lead, entry.id, partnerLead, 'lead');
    const deadline = Date.now() + 10 * DAY;
    const set = await api(a, lead, 'PUT', `/api/entries/${entry.id}/deadlines`, {
      entryDeadline: new Date(deadline).toISOString(),
      reminderOffsets: ['7d', '2d'],
    });
    expect(set.status).toBe(200);
    const jobs = await db.query<{ key: string }>(
      `select key from ${schema.schema}_graphile_worker.jobs where key like $1 order by key`,
      [`reminder:${entry.id}:%`],
    );
    expect(jobs.rows).toHaveLength(4);

    // A dies before any is due; three days later (7 days before the deadline) B sends them.
    await kill9(a);
    fs.writeFileSync(clockFile, String(3 * DAY + HOUR));
    const reminders = async () =>
      (
        await db.query<{ user_id: string; kind: string; ref: string }>(
          `select user_id, kind, ref from ${schema.schema}.notifications where entry_id = $1 and kind like '%_reminder'`,
          [entry.id],
        )
      ).rows;
    await until(async () => (await reminders()).length >= 4, 'the 7-day reminders');

    // A restarted beside B; five more days: the 2-day reminders, due while both run.
    await start();
    fs.writeFileSync(clockFile, String(8 * DAY + HOUR));
    await until(async () => (await reminders()).length >= 8, 'the 2-day reminders');
    // Time for a duplicate to appear, if either process were to send one.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const rows = await reminders();
    const lines = rows.map((r) => `${r.user_id} ${r.kind} ${r.ref.split('|')[0]}`).sort();
    const expected = [lead, partnerLead].flatMap((person) =>
      ['deadline_reminder', 'endorsement_reminder'].flatMap((kind) =>
        ['7d', '2d'].map((o) => `${person.me.user.id} ${kind} ${o}`),
      ),
    );
    expect(lines).toEqual(expected.sort());
    const sent = await db.query(`select job_key from ${schema.schema}.sent_reminders where entry_id = $1`, [entry.id]);
    expect(sent.rows).toHaveLength(4);
    const left = await db.query(`select key from ${schema.schema}_graphile_worker.jobs where key like $1`, [
      `reminder:${entry.id}:%`,
    ]);
    expect(left.rows).toEqual([]);
    void b;
  }, 300_000);
});
