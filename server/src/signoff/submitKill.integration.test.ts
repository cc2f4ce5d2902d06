import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntryDto, SubmissionDetailDto, SubmissionDto } from '@jointly/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { type ChildServer, kill9, startChildServer } from '../test/childServer.ts';
import { api, type TestUser } from '../test/factories.ts';
import { post, validEntry } from './testing/signoffFixtures.ts';

/**
 * RELIABILITY J65: a kill -9 during the final submission leaves either a
 * complete submission (row, status, activity) or none, and a retry with the
 * same Idempotency-Key is safe (S-SUBMIT-3, S-SUBMIT-4).
 */
describe('submission across a SIGKILL', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function state(server: ChildServer, lead: TestUser, entryId: string) {
    const entry = (await (await api(server, lead, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
    const submissions = (await (
      await api(server, lead, 'GET', `/api/entries/${entryId}/submissions`)
    ).json()) as SubmissionDto[];
    const activity = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/activity`)).json()) as {
      kind: string;
    }[];
    return { status: entry.status, submissions, submittedLines: activity.filter((a) => a.kind === 'entry_submitted') };
  }

  // Kill at once, and a little later, so some runs die before and some after the commit.
  it.each([0, 5, 20, 60])(
    'S-SUBMIT-3: killed %i ms after the submit request is sent',
    async (delayMs) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-submit-kill-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      let child = await startChildServer(dataDir);
      cleanups.push(() => kill9(child));
      const providers: TestProvider[] = [];
      cleanups.push(() => {
        for (const p of providers) p.destroy();
      });

      const f = await validEntry(child, (p) => providers.push(p));
      const key = `kill-${delayMs}-${Date.now()}`;
      const request = post(child, f.lead, `/api/entries/${f.entryId}/submit`, { 'idempotency-key': key }).then(
        (r) => r.status,
        () => 'failed' as const,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await kill9(child);
      const outcome = await request;
      for (const p of providers) p.destroy();

      child = await startChildServer(dataDir);
      const after = await state(child, f.lead, f.entryId);
      // All or nothing: the status, the submission row and its activity line agree.
      if (after.status === 'submitted') {
        expect(after.submissions.map((s) => s.version)).toEqual([1]);
        expect(after.submittedLines).toHaveLength(1);
      } else {
        expect(outcome).not.toBe(201);
        expect(after.status).toBe('draft');
        expect(after.submissions).toEqual([]);
        expect(after.submittedLines).toEqual([]);
      }

      // The retry with the same key is safe: one submission, version 1, whose stored state verifies.
      const retry = await post(child, f.lead, `/api/entries/${f.entryId}/submit`, { 'idempotency-key': key });
      expect(retry.status).toBe(after.status === 'submitted' ? 200 : 201);
      expect(((await retry.json()) as SubmissionDto).version).toBe(1);
      const final = await state(child, f.lead, f.entryId);
      expect(final.status).toBe('submitted');
      expect(final.submissions.map((s) => s.version)).toEqual([1]);
      expect(final.submittedLines).toHaveLength(1);
      const detail = (await (
        await api(child, f.lead, 'GET', `/api/entries/${f.entryId}/submissions/1`)
      ).json()) as SubmissionDetailDto;
      expect(detail.verified).toBe(true);
      await kill9(child);
    },
    60_000,
  );
});
