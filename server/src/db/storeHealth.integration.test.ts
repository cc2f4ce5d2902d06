import fs from 'node:fs';
import { CloseCode, ErrorCode, MessageType } from '@jointly/shared';
import { sql } from 'kysely';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { applyStoredDocument } from '../collab/docStore.ts';
import { frames, openRaw, paragraphs, type RawClient, writeParagraph } from '../collab/testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from '../collab/testing/collabTestServer.ts';
import { api, createEntry, signUpUser } from '../test/factories.ts';

/** The number of the last `[saved, n]` ack the client received (0 for none). */
function lastAck(client: RawClient): number {
  let last = 0;
  for (const bytes of client.received) {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) === MessageType.saved) last = decoding.readVarUint(d);
  }
  return last;
}

/** A client asking for acks, synced, with a document to write from. */
async function editor(server: CollabTestServer, user: { cookie: string }, entryId: string) {
  const client = openRaw(server, user, entryId, { query: '?acks=1' });
  const doc = new Y.Doc();
  await client.sync(doc);
  const write = (section: string, text: string) => {
    const before = Y.encodeStateVector(doc);
    writeParagraph(doc, section, text);
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
  };
  return { client, doc, write };
}

async function waitUntil(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Healthy-looking faults (issue 10 finding 15; RELIABILITY J66, J67): a store
 * that cannot keep what it is given must say so — `/healthz` 503, no edit
 * acknowledged, REST writes 503 — and its log must name the cause.
 */
describe('store health', () => {
  let server: CollabTestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('I10-15, J66: with the SQLite files deleted under the running server, /healthz answers 503 and nothing more is acknowledged', async () => {
    server = await startCollabTestServer();
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const { client, write } = await editor(server, lead, entryId);
    write('context-and-evolution', 'stored before the files went');
    await waitUntil(() => lastAck(client) === 1, 'the first ack');
    expect((await api(server, null, 'GET', '/healthz')).status).toBe(200);

    // The data directory disappears (an operator's rm -rf, a volume unmounted and cleaned). The
    // running server may create a file in it meanwhile (its rmdir then fails ENOTEMPTY): try again.
    fs.rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });

    const health = await api(server, null, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBeTruthy();
    expect(((await health.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.unavailable);
    // The next edit is refused: its room closes 1011 (C-PERSIST-3) and no ack comes for it.
    write('context-and-evolution', 'would have been lost on restart');
    expect((await client.closed).code).toBe(CloseCode.internalError);
    expect(lastAck(client)).toBe(1);
    // REST writes answer 503 too, instead of 201 into a deleted file.
    const created = await api(server, lead, 'POST', '/api/entries', {
      title: 'Into the void',
      categoryId: 'hsj-partnership-long-term-partnership',
    });
    expect(created.status).toBe(503);
  });

  it('I10-15, J67: a full disk fails the commit with its own cause in the log, acknowledges nothing and fails /healthz', async () => {
    server = await startCollabTestServer();
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const { client, doc, write } = await editor(server, lead, entryId);
    write('context-and-evolution', 'stored before the disk filled');
    await waitUntil(() => lastAck(client) === 1, 'the first ack');
    const errors = vi.spyOn(server.services.logger, 'error');

    // SQLITE_FULL exactly as a full disk gives it: the file may not grow by one more page.
    const db = server.services.database.db;
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
    // One update over four sections (each inside its size limit): rows of overflow pages.
    const before = Y.encodeStateVector(doc);
    for (const section of ['benefits-and-outcomes', 'sharing-and-adoption', 'co-design-with-patients-and-staff']) {
      writeParagraph(doc, section, 'no room for this '.repeat(250));
    }
    writeParagraph(doc, 'value-and-testimonials', 'no room for this '.repeat(250));
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    expect((await client.closed).code).toBe(CloseCode.internalError);
    expect(lastAck(client)).toBe(1);

    const logged = errors.mock.calls.map(([message, fields]) => `${message} ${String(fields?.err)}`);
    expect(logged.some((line) => /commit failed .*database or disk is full/.test(line))).toBe(true);
    expect(logged.join('\n')).not.toMatch(/cannot rollback/);
    expect((await api(server, null, 'GET', '/healthz')).status).toBe(503);

    // Nothing of the refused edit was stored; once there is room again, writes and /healthz recover.
    const stored = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    expect(paragraphs(stored, 'value-and-testimonials')).toEqual([]);
    await sql.raw('pragma max_page_count = 4294967294').execute(db);
    const again = await editor(server, lead, entryId);
    again.write('value-and-testimonials', 'room again');
    await waitUntil(() => lastAck(again.client) === 1, 'an ack after the disk has room');
    expect((await api(server, null, 'GET', '/healthz')).status).toBe(200);
    again.client.ws.close();
  });
});
