import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually as eventuallyWithin } from '../scale/testing.ts';
import { type JobQueue, jobRetryDelayMs } from './jobQueue.ts';

/**
 * The JobQueue contract (jobQueue.ts), run against both implementations. `open` gives a store
 * (a fresh database) on which `queue()` makes a new queue each call, as a new process would.
 * The tests set the clock (vitest fakes Date only; timers stay real), which both queues read.
 */
export type JobQueueHarness = { queue(): Promise<JobQueue>; close(): Promise<void> };

/** A loaded machine may take seconds to start a worker (graphile-worker's first poll). */
const eventually = (check: () => boolean | Promise<boolean>, what: string) => eventuallyWithin(check, what, 30_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeJobQueueContract(name: string, open: () => Promise<JobQueueHarness>): void {
  // A loaded machine may take seconds to start a worker (graphile-worker's first poll): generous limits.
  describe(`JobQueue contract: ${name}`, { timeout: 60_000 }, () => {
    let harness: JobQueueHarness;
    const queues: JobQueue[] = [];
    let prefix = '';
    let counter = 0;
    /** A started queue with a handler of kind `kind` that records each run. */
    async function startedQueue(runs: { key: string; payload: Record<string, unknown>; attempt: number }[]) {
      const queue = await harness.queue();
      queues.push(queue);
      queue.register('record', async (payload, job) => {
        runs.push({ key: job.key, payload, attempt: job.attempt });
        if (payload.fail === true && job.attempt === 1) throw new Error('first attempt fails');
      });
      await queue.start();
      return queue;
    }

    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });
    afterEach(async () => {
      for (const queue of queues.splice(0)) await queue.close();
      vi.useRealTimers();
      prefix = `t${++counter}-${Math.random().toString(36).slice(2, 8)}:`;
    });

    it('runs a job once its time comes, not before, and once only', async () => {
      prefix = `first-${Math.random().toString(36).slice(2, 8)}:`;
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const runs: { key: string; payload: Record<string, unknown>; attempt: number }[] = [];
      const queue = await startedQueue(runs);
      await queue.schedule({ kind: 'record', key: `${prefix}a`, runAt: start + 7 * DAY_MS, payload: { n: 1 } });
      expect((await queue.pending(prefix)).map((j) => j.key)).toEqual([`${prefix}a`]);
      await pause(600);
      expect(runs).toEqual([]);
      vi.setSystemTime(start + 7 * DAY_MS + 1000);
      await eventually(() => runs.length === 1, 'the job ran');
      await eventually(async () => (await queue.pending(prefix)).length === 0, 'the job is done');
      await pause(600);
      expect(runs).toEqual([{ key: `${prefix}a`, payload: { n: 1 }, attempt: 1 }]);
    });

    it('scheduling a key twice makes one job, with the later time and payload', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const runs: { key: string; payload: Record<string, unknown>; attempt: number }[] = [];
      const queue = await startedQueue(runs);
      await queue.schedule({ kind: 'record', key: `${prefix}k`, runAt: start + DAY_MS, payload: { v: 'old' } });
      await queue.schedule({ kind: 'record', key: `${prefix}k`, runAt: start + 2 * DAY_MS, payload: { v: 'new' } });
      const pending = await queue.pending(prefix);
      expect(pending).toHaveLength(1);
      expect(pending[0]!.runAt).toBe(start + 2 * DAY_MS);
      vi.setSystemTime(start + DAY_MS + 1000);
      await pause(800);
      expect(runs).toEqual([]);
      vi.setSystemTime(start + 2 * DAY_MS + 1000);
      await eventually(() => runs.length === 1, 'the job ran');
      await pause(600);
      expect(runs).toEqual([{ key: `${prefix}k`, payload: { v: 'new' }, attempt: 1 }]);
    });

    it('a cancelled job never runs; cancelling an unknown key does nothing', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const runs: { key: string; payload: Record<string, unknown>; attempt: number }[] = [];
      const queue = await startedQueue(runs);
      await queue.schedule({ kind: 'record', key: `${prefix}gone`, runAt: start + DAY_MS, payload: {} });
      await queue.schedule({ kind: 'record', key: `${prefix}kept`, runAt: start + DAY_MS, payload: {} });
      await queue.cancel(`${prefix}gone`);
      await queue.cancel(`${prefix}never-scheduled`);
      expect((await queue.pending(prefix)).map((j) => j.key)).toEqual([`${prefix}kept`]);
      vi.setSystemTime(start + DAY_MS + 1000);
      await eventually(() => runs.length === 1, 'the kept job ran');
      await pause(600);
      expect(runs.map((r) => r.key)).toEqual([`${prefix}kept`]);
    });

    it('a failed attempt is retried after its backoff, not sooner', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const runs: { key: string; payload: Record<string, unknown>; attempt: number }[] = [];
      const queue = await startedQueue(runs);
      await queue.schedule({ kind: 'record', key: `${prefix}retry`, runAt: start, payload: { fail: true } });
      await eventually(() => runs.length === 1, 'the first attempt ran');
      // Attempts count from the claim; the failure is recorded when the retry time moves on.
      let pending = (await queue.pending(prefix))[0];
      for (let i = 0; i < 200 && !(pending && pending.runAt > start); i++) {
        await pause(25);
        pending = (await queue.pending(prefix))[0];
      }
      expect(pending?.attempts).toBe(1);
      // e^1 seconds after the failure (graphile-worker counts from the later of now and run_at).
      expect(pending!.runAt).toBeGreaterThanOrEqual(start + jobRetryDelayMs(1) - 50);
      expect(pending!.runAt).toBeLessThan(start + jobRetryDelayMs(1) + 5000);
      await pause(600);
      expect(runs).toHaveLength(1);
      vi.setSystemTime(pending!.runAt + 1000);
      await eventually(() => runs.length === 2, 'the second attempt ran');
      expect(runs.map((r) => r.attempt)).toEqual([1, 2]);
      await eventually(async () => (await queue.pending(prefix)).length === 0, 'the job is done');
    });

    it('jobs survive a restart: scheduled by one queue, closed unrun, run by the next', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const first = await harness.queue();
      first.register('record', async () => {
        throw new Error('the first queue never runs it');
      });
      await first.schedule({ kind: 'record', key: `${prefix}durable`, runAt: start + DAY_MS, payload: { kept: true } });
      await first.close();
      const runs: { key: string; payload: Record<string, unknown>; attempt: number }[] = [];
      const second = await startedQueue(runs);
      expect((await second.pending(prefix)).map((j) => j.key)).toEqual([`${prefix}durable`]);
      vi.setSystemTime(start + DAY_MS + 1000);
      await eventually(() => runs.length === 1, 'the job ran after the restart');
      expect(runs[0]).toEqual({ key: `${prefix}durable`, payload: { kept: true }, attempt: 1 });
    });
  });
}
