import { addItem, type ErasureDto, emptyTestimonial, TESTIMONIALS_MAP } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 18 item 2 in scaled mode on a draft entry: two processes on one PostgreSQL schema and
 * Redis, editors connected to both. The erasure made on one process drops the other's room (its
 * memory still held the person), so neither its sockets nor its compaction can store the name again;
 * editing goes on after it on both processes and is stored.
 */

const NAME = 'Oswin Brackenridge';
const SECTION = 'context-and-evolution';
const ITEM = 'testimonial-scaled-1';

describe('erasure in scaled mode, on a draft entry with editors on two processes', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let a: TestServer;
  let b: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];
  const open = (server: TestServer, user: TestUser) => {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    return provider;
  };
  const nameOf = (doc: Y.Doc) =>
    (doc.getMap<Y.Map<unknown>>(TESTIMONIALS_MAP).get(ITEM)?.get('personName') as string | undefined) ?? null;

  async function storedRowsWithTheName(): Promise<number> {
    const db = a.services.database.db;
    const needle = Buffer.from('Brackenridge');
    const updates = await db.selectFrom('doc_updates').select('data').where('entry_id', '=', entryId).execute();
    const snapshots = await db.selectFrom('doc_snapshots').select('state').where('entry_id', '=', entryId).execute();
    return [...updates.map((u) => u.data), ...snapshots.map((s) => s.state)].filter((bytes) =>
      Buffer.from(bytes).includes(needle),
    ).length;
  }

  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
    lead = await signUpUser(a);
    contributor = await signUpUser(a, { organisationKind: 'supplier' });
    entryId = (await createEntry(a, lead)).id;
    await addMember(a, lead, entryId, contributor, 'contributor');
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await Promise.allSettled([a?.close(), b?.close()]);
    await schema?.drop();
  });

  it('the other process forgets the person: resyncs, editing goes on, nothing stores the name again', async () => {
    const onA = open(a, lead);
    const onB = open(b, contributor);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    addItem(
      onA.doc.getMap(TESTIMONIALS_MAP),
      { ...emptyTestimonial(), quote: `${NAME} was heard.`, kind: 'patient', personName: NAME },
      ITEM,
    );
    await waitForDoc(onB.doc, (doc) => nameOf(doc) === NAME, 'the testimonial on process B');
    expect(await storedRowsWithTheName()).toBeGreaterThan(0);

    const response = await api(a, lead, 'POST', `/api/entries/${entryId}/erasures`, {
      itemId: ITEM,
      reason: 'Asked by the patient.',
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as ErasureDto).versions).toEqual([]);
    await waitForDoc(onB.doc, (doc) => nameOf(doc) === '[redacted]', 'process B’s editor resynced');
    await waitForDoc(onA.doc, (doc) => nameOf(doc) === '[redacted]', 'process A’s editor resynced');

    // Editing goes on from both processes after the erasure, and reaches the other side.
    await whenSynced(onB);
    writeParagraph(onB.doc, SECTION, 'Written on B after the erasure.');
    writeParagraph(onA.doc, SECTION, 'Written on A after the erasure.');
    for (const doc of [onA.doc, onB.doc]) {
      await waitForDoc(doc, (d) => paragraphs(d, SECTION).length === 2, 'both paragraphs everywhere');
    }
    // Every room unloads (compacting what it holds): still nothing stored holds the name.
    for (const p of providers) p.destroy();
    await Promise.all([a.collab.rooms.unload(entryId), b.collab.rooms.unload(entryId)]);
    expect(await storedRowsWithTheName()).toBe(0);
    const stored = await b.collab.readDocument(entryId, (doc) => ({
      name: nameOf(doc),
      text: paragraphs(doc, SECTION).sort(),
    }));
    expect(stored).toEqual({
      name: '[redacted]',
      text: ['Written on A after the erasure.', 'Written on B after the erasure.'],
    });
  });
});
