import type { ApprovalDiffDto, EntryDto, EntrySummaryDto, ErrorBody } from '@jointly/shared';
import { ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, whenSynced } from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { BASE_TEXT, BASE_WORDS, MALFORMED_SHAPES, malformedUpdates, SECTION } from './testing/malformedShapes.ts';

/**
 * Issue 10 finding 3, readers' side (RELIABILITY I61): a document holding what
 * no editor makes, written straight into the store (the socket now refuses it,
 * but documents stored before that, or arriving by any other path, exist).
 * Every reader answers its normal status with what it can read, never 500:
 * the dashboard for every member, the entry, every export, provenance,
 * approve, approval-diff, endorse, and submit (409 with its unmet
 * conditions), from the store, from a live room, and after a restart.
 */

const EXPORTS = [
  'export.pdf',
  'export.docx',
  'export/evidence.pdf',
  'export/register.pdf',
  'export/register.csv',
] as const;

describe('issue 10 finding 3: a malformed stored document never breaks a reader', () => {
  let server: TestServer;
  let dataDir: string;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  const entries = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer({}, { keepDataDir: true, tuning: { roomUnloadGraceMs: 20 } });
    dataDir = server.dataDir;
    [lead, contributor, viewer] = await Promise.all([signUpUser(server), signUpUser(server), signUpUser(server)]);
    for (const shape of MALFORMED_SHAPES) {
      const entry = await createEntry(server, lead);
      await addMember(server, lead, entry.id, contributor, 'contributor');
      await addMember(server, lead, entry.id, viewer, 'viewer');
      await server.collab.store.appendUpdates(entry.id, {
        updates: malformedUpdates(shape),
        contributions: [],
        clients: [],
        createdAt: Date.now(),
      });
      entries.set(shape.name, entry.id);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dataDir) (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every reader of the entry, asserting its normal status and what it read. */
  async function expectReadersAnswer(shape: (typeof MALFORMED_SHAPES)[number]): Promise<void> {
    const entryId = entries.get(shape.name)!;
    const words = shape.keepsBase ? BASE_WORDS : 0;
    for (const member of [lead, contributor, viewer]) {
      const list = await api(server, member, 'GET', '/api/entries');
      expect(list.status, `${shape.name}: dashboard`).toBe(200);
      const summary = ((await list.json()) as EntrySummaryDto[]).find((e) => e.id === entryId);
      expect(summary?.progress.wordsUsed).toBe(words);
    }
    const got = await api(server, viewer, 'GET', `/api/entries/${entryId}`);
    expect(got.status, `${shape.name}: entry`).toBe(200);
    expect(((await got.json()) as EntryDto).sections.find((s) => s.id === SECTION)?.words).toBe(words);
    for (const route of EXPORTS) {
      const response = await api(server, viewer, 'GET', `/api/entries/${entryId}/${route}`);
      expect(response.status, `${shape.name}: ${route}`).toBe(200);
      await response.arrayBuffer();
    }
    const provenance = await api(server, viewer, 'GET', `/api/entries/${entryId}/provenance`);
    expect(provenance.status, `${shape.name}: provenance`).toBe(200);
    const diff = await api(server, viewer, 'GET', `/api/entries/${entryId}/sections/${SECTION}/approval-diff`);
    expect(diff.status, `${shape.name}: approval-diff`).toBe(200);
    const diffBody = (await diff.json()) as ApprovalDiffDto;
    if (shape.keepsBase) expect(diffBody.currentText).toContain(BASE_TEXT);
    const approve = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/approve`);
    // An empty section is not approved (S-APPROVE-4): 409, still never 500.
    expect(approve.status, `${shape.name}: approve`).toBe(words > 0 ? 201 : 409);
    const endorse = await api(server, lead, 'POST', `/api/entries/${entryId}/endorse`);
    expect(endorse.status, `${shape.name}: endorse`).toBe(201);
    const submit = await api(server, lead, 'POST', `/api/entries/${entryId}/submit`);
    expect(submit.status, `${shape.name}: submit`).toBe(409);
    expect(((await submit.json()) as ErrorBody).error.code).toBe(ErrorCode.submitConditionsUnmet);
  }

  for (const shape of MALFORMED_SHAPES) {
    it(`I61 / issue 10-3: ${shape.name}: every reader answers from the store`, async () => {
      await expectReadersAnswer(shape);
    });
  }

  it('I61 / issue 10-3: every reader answers from a live room holding each malformed document', async () => {
    for (const shape of MALFORMED_SHAPES) {
      const provider = openProvider(server, lead, entries.get(shape.name)!);
      try {
        await whenSynced(provider);
        await expectReadersAnswer(shape);
      } finally {
        provider.destroy();
      }
    }
  }, 120_000);

  it('I61 / issue 10-3: after a restart every reader still answers for every malformed document', async () => {
    await server.close();
    server = await startTestServer({ DATA_DIR: dataDir }, { tuning: { roomUnloadGraceMs: 20 } });
    for (const shape of MALFORMED_SHAPES) await expectReadersAnswer(shape);
  }, 120_000);
});
