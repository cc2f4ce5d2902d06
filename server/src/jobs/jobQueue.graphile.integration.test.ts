import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { createTestSchema, eventually, TEST_DATABASE_URL } from '../scale/testing.ts';
import { describeJobQueueContract } from './jobQueue.contract.ts';
import { createGraphileJobQueue } from './jobQueue.graphile.ts';
import type { JobQueue } from './jobQueue.ts';
import { jobQueueSchema } from './jobQueueSchema.ts';

/** A fresh PostgreSQL schema of ours, and graphile-worker's beside it; `queue()` is another process's queue. */
async function openGraphileStore() {
  const schema = await createTestSchema();
  const handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 2 });
  const workerSchema = await jobQueueSchema(handle.db);
  const logger = createLogger('silent');
  return {
    workerSchema,
    queue: async () =>
      createGraphileJobQueue({
        connectionString: schema.url,
        schema: workerSchema,
        logger,
        pollMs: 100,
        concurrency: 2,
      }),
    async close() {
      await handle.close();
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop schema if exists "${workerSchema}" cascade`);
      await admin.end();
      await schema.drop();
    },
  };
}

describeJobQueueContract('PostgreSQL (graphile-worker)', openGraphileStore);

describe('graphile-worker queue: several processes', () => {
  let store: Awaited<ReturnType<typeof openGraphileStore>>;
  const queues: JobQueue[] = [];
  beforeAll(async () => {
    store = await openGraphileStore();
  });
  afterAll(async () => {
    for (const queue of queues) await queue.close();
    await store?.close();
  });

  it('keeps its tables in a schema named after ours', () => {
    expect(store.workerSchema).toMatch(/^jointly_scale_.*_graphile_worker$/);
  });

  it('keeps running jobs after another schema of the database installs graphile-worker', async () => {
    const runs: string[] = [];
    const queue = await store.queue();
    queue.register('after', async (_payload, job) => {
      runs.push(job.key);
    });
    await queue.start();
    queues.push(queue);
    // Another deployment (or test) installs graphile-worker in its own schema of this database: the
    // install's NOTIFY on "worker:migrate", a database-wide channel, stops every runner listening.
    const other = await openGraphileStore();
    const otherQueue = await other.queue();
    await otherQueue.pending('');
    await otherQueue.close();
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await queue.schedule({ kind: 'after', key: 'after-install', runAt: Date.now(), payload: {} });
    await eventually(() => runs.length === 1, 'the job scheduled after the other install ran', 20_000);
    expect(runs).toEqual(['after-install']);
    expect(process.exitCode).not.toBe(57);
  });

  it('three queues on one database run each of 30 due jobs exactly once', { timeout: 60_000 }, async () => {
    const runs: { key: string; by: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const queue = await store.queue();
      queue.register('count', async (_payload, job) => {
        runs.push({ key: job.key, by: i });
        await new Promise((resolve) => setTimeout(resolve, 20));
      });
      await queue.start();
      queues.push(queue);
    }
    const at = Date.now() + 300;
    for (let n = 0; n < 30; n++) {
      await queues[n % 3]!.schedule({ kind: 'count', key: `many:${n}`, runAt: at, payload: { n } });
    }
    await eventually(() => runs.length >= 30, 'every job ran', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs).toHaveLength(30);
    expect(new Set(runs.map((r) => r.key)).size).toBe(30);
    expect(await queues[0]!.pending('many:')).toEqual([]);
  });
});
