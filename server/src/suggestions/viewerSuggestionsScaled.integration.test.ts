import { type SuggestedChangeDto, type SuggestionListDto, sectionFragmentIn } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { paragraphTextOf, positionsAround } from '../collab/testing/textPositions.ts';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * C-SUGGEST-5 in scaled mode: a suggestion the server writes for a viewer on
 * one process reaches an editor connected to another process (through the
 * Redis relay, after the commit), with its marks and the viewer as author.
 */

const SECTION = 'context-and-evolution';
const TEXT = 'Our ward rounds now start with the patient’s goals.';

type Op = { insert: string; attributes?: Record<string, { id?: string } | undefined> };
const marked = (doc: Y.Doc, kind: string, id: string) =>
  paragraphs(doc, SECTION).length === 0
    ? ''
    : (paragraphTextOf(doc, SECTION).toDelta() as Op[])
        .filter((op) => op.attributes?.[kind]?.id === id)
        .map((op) => op.insert)
        .join('');

describe('a viewer suggests in scaled mode: two processes on PostgreSQL and Redis', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let a: TestServer;
  let b: TestServer;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await Promise.allSettled([a?.close(), b?.close()]);
    await schema?.drop();
  });

  it('written on process A, the marks reach an editor on process B', async () => {
    const lead = await signUpUser(a);
    const viewer = await signUpUser(a, { organisationKind: 'other' });
    const entryId = (await createEntry(a, lead)).id;
    await addMember(a, lead, entryId, viewer, 'viewer');
    expect((await api(a, lead, 'PATCH', `/api/entries/${entryId}/settings`, { viewersMaySuggest: true })).status).toBe(
      200,
    );
    // The lead edits on B; the viewer's page posts to A, where the entry's room is not even open yet.
    const onB = openProvider(b, lead, entryId);
    providers.push(onB);
    await whenSynced(onB);
    writeParagraph(onB.doc, SECTION, TEXT);
    const roomText = () => {
      const doc = b.collab.rooms.get(entryId)?.doc;
      return doc ? (sectionFragmentIn(doc, SECTION)?.toString() ?? '') : '';
    };
    // The provider sends the paragraph on its own time: wait until B's room holds it, then until it is stored.
    await vi.waitFor(() => expect(roomText()).toContain('ward rounds'), { timeout: 10_000 });
    await b.collab.rooms.get(entryId)?.whenIdle();
    const { start, end } = positionsAround(onB.doc, SECTION, 'ward rounds');
    const body = { from: start, to: end, text: 'daily huddles' };
    const response = await api(a, viewer, 'POST', `/api/entries/${entryId}/sections/${SECTION}/suggestions`, body);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as SuggestedChangeDto;
    await waitForDoc(onB.doc, (doc) => marked(doc, 'insertion', id) === 'daily huddles', 'the suggestion on B');
    expect(marked(onB.doc, 'deletion', id)).toBe('ward rounds');
    const listed = (await (
      await api(b, lead, 'GET', `/api/entries/${entryId}/suggestions`)
    ).json()) as SuggestionListDto;
    expect(listed.suggestions.map((s) => [s.kind, s.author?.userId])).toEqual([
      ['deletion', viewer.me.user.id],
      ['insertion', viewer.me.user.id],
    ]);
  });
});
