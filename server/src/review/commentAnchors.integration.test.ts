import { bytesToBase64, type CommentThreadDto, type ErrorBody } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { encodePosition, paragraphTextOf, positionsAround } from '../collab/testing/textPositions.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Comments anchored to text (issue 14 item 2) through the real server, on SQLite and
 * PostgreSQL: an anchor is two Yjs relative positions into the section, written by a real
 * y-websocket client, checked against the entry's document (live room, then the store), stored
 * and read back as sent, even once its text is deleted; anything not inside that section is
 * 400 validation_failed with nothing stored; the comment permissions are today's.
 */

const SECTION = 'context-and-evolution';
const OTHER_SECTION = 'benefits-and-outcomes';
const PHRASE = 'waiting times fell by a third';
const TEXT = `In 2024 our ${PHRASE} across both sites.`;

/** The anchor a page makes for the first occurrence of `words` in a section's first paragraph. */
const anchorOn = (doc: Y.Doc, sectionId: string, words: string) => ({
  ...positionsAround(doc, sectionId, words),
  quote: words,
});

describe.each(TEST_DATABASES)('anchored comments on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let entryId: string;
  let writer: TestProvider;

  const post = (who: TestUser, body: unknown, sectionId = SECTION) =>
    api(server, who, 'POST', `/api/entries/${entryId}/sections/${sectionId}/comments`, body);
  const threads = async (sectionId = SECTION) =>
    (await (
      await api(server, lead, 'GET', `/api/entries/${entryId}/sections/${sectionId}/comments`)
    ).json()) as CommentThreadDto[];
  const counts = async () => {
    const db = server.services.database.db;
    const count = async (table: 'comments' | 'comment_anchors') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { comments: await count('comments'), anchors: await count('comment_anchors') };
  };

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env, { tuning: { roomUnloadGraceMs: 50 } });
    lead = await signUpUser(server);
    viewer = await signUpUser(server, { organisationKind: 'supplier' });
    outsider = await signUpUser(server, { organisationKind: 'third_sector' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, viewer, 'viewer');
    writer = openProvider(server, lead, entryId);
    await whenSynced(writer);
    writeParagraph(writer.doc, SECTION, TEXT);
    writeParagraph(writer.doc, OTHER_SECTION, 'Partners shared the rota.');
    // A second client seeing both paragraphs means the server's room holds them.
    const reader = openProvider(server, viewer, entryId);
    await waitForDoc(
      reader.doc,
      (doc) => paragraphs(doc, SECTION).length > 0 && paragraphs(doc, OTHER_SECTION).length > 0,
      'both paragraphs on the server',
    );
    reader.destroy();
  });
  afterAll(async () => {
    writer?.destroy();
    await server?.close();
    await store?.drop();
  });

  it('an anchored thread round-trips: answered with its anchor, read back as sent; section threads have none', async () => {
    const anchor = anchorOn(writer.doc, SECTION, PHRASE);
    // Announced as any comment is (C-EVENT-2), with its section: open pages read the threads again.
    const heard: unknown[] = [];
    const stop = server.services.events.subscribe('entryChanged', (event) => heard.push(event));
    const created = await post(lead, { body: 'Which audit is this from?', anchor });
    stop();
    expect(created.status).toBe(201);
    expect(heard).toEqual([{ entryId, kind: 'comments', sectionId: SECTION }]);
    const thread = (await created.json()) as CommentThreadDto;
    expect(thread.anchor).toEqual(anchor);
    const plain = (await (await post(lead, { body: 'The whole section reads well.' })).json()) as CommentThreadDto;
    expect('anchor' in plain).toBe(false);
    const listed = await threads();
    expect(listed.find((t) => t.id === thread.id)?.anchor).toEqual(anchor);
    expect('anchor' in listed.find((t) => t.id === plain.id)!).toBe(false);
    // A reply carries no anchor and leaves the thread's.
    const replied = await api(server, lead, 'POST', `/api/entries/${entryId}/comments/${thread.id}/replies`, {
      body: 'NHS Digital, 2024.',
    });
    expect(((await replied.json()) as CommentThreadDto).anchor).toEqual(anchor);
  });

  it('refuses, with 400 validation_failed and nothing stored, anchors not inside the section', async () => {
    const good = anchorOn(writer.doc, SECTION, PHRASE);
    const elsewhere = anchorOn(writer.doc, OTHER_SECTION, 'the rota');
    const unknownItem = encodePosition(Y.createRelativePositionFromJSON({ item: { client: 987654321, clock: 0 } }));
    const notYetWritten = encodePosition(
      Y.createRelativePositionFromJSON({ item: { client: writer.doc.clientID, clock: 1e6 } }),
    );
    const otherRoot = encodePosition(Y.createRelativePositionFromJSON({ tname: `section:${OTHER_SECTION}` }));
    const evidenceRoot = encodePosition(Y.createRelativePositionFromJSON({ tname: 'evidence' }));
    const bad: [string, unknown][] = [
      ['start in another section', { ...good, start: elsewhere.start }],
      ['end in another section', { ...good, end: elsewhere.end }],
      ['both in another section', elsewhere],
      ['an item nobody wrote', { ...good, start: unknownItem }],
      ['a clock not yet written', { ...good, end: notYetWritten }],
      ['the root of another section', { ...good, end: otherRoot }],
      ['the evidence map', { ...good, start: evidenceRoot }],
      ['garbage base64', { ...good, start: '!!!not-base64!!!' }],
      ['base64 of garbage', { ...good, start: 'AAAA' }],
      [
        'trailing bytes',
        { ...good, start: bytesToBase64(new Uint8Array([...Buffer.from(good.start, 'base64'), 1, 2])) },
      ],
      ['oversized', { ...good, start: 'A'.repeat(204) }],
      ['an oversized quote', { ...good, quote: 'q'.repeat(501) }],
      ['a quote with a bidi override', { ...good, quote: 'fell \u202e' }],
      ['an empty quote', { ...good, quote: '' }],
      ['an unknown key', { ...good, author: 'someone else' }],
      ['not an object', 'here'],
    ];
    const before = await counts();
    const heard: unknown[] = [];
    const stop = server.services.events.subscribe('entryChanged', (event) => heard.push(event));
    for (const [what, anchor] of bad) {
      const response = await post(lead, { body: `About ${what}`, anchor });
      expect(response.status, what).toBe(400);
      expect(((await response.json()) as ErrorBody).error.code, what).toBe('validation_failed');
    }
    const reply = await api(
      server,
      lead,
      'POST',
      `/api/entries/${entryId}/comments/${(await threads())[0]!.id}/replies`,
      {
        body: 'A reply is never anchored',
        anchor: good,
      },
    );
    expect(reply.status).toBe(400);
    stop();
    expect(await counts()).toEqual(before);
    expect(heard).toEqual([]);
  });

  it('the anchor of deleted text reads back as stored; the permissions are those of any comment', async () => {
    const anchor = anchorOn(writer.doc, SECTION, 'across both sites');
    const created = (await (await post(lead, { body: 'Name the sites?', anchor })).json()) as CommentThreadDto;
    const text = paragraphTextOf(writer.doc, SECTION);
    text.delete(text.toString().indexOf('across'), 'across both sites'.length);
    const gone = openProvider(server, viewer, entryId);
    await waitForDoc(gone.doc, (doc) => !paragraphs(doc, SECTION)[0]?.includes('both sites'), 'the deletion');
    gone.destroy();
    expect((await threads()).find((t) => t.id === created.id)?.anchor).toEqual(anchor);

    const before = await counts();
    const fresh = anchorOn(writer.doc, SECTION, PHRASE);
    expect((await post(viewer, { body: 'A viewer comments', anchor: fresh })).status).toBe(403);
    expect((await post(outsider, { body: 'An outsider comments', anchor: fresh })).status).toBe(404);
    expect(await counts()).toEqual(before);
    const viewed = await api(server, viewer, 'GET', `/api/entries/${entryId}/sections/${SECTION}/comments`);
    expect(((await viewed.json()) as CommentThreadDto[]).find((t) => t.id === created.id)?.anchor).toEqual(anchor);
  });

  it('checks against the stored document once no one has the entry open', async () => {
    const anchor = anchorOn(writer.doc, SECTION, PHRASE);
    const elsewhere = anchorOn(writer.doc, OTHER_SECTION, 'the rota');
    writer.destroy();
    const deadline = Date.now() + 5_000;
    while (server.collab.rooms.get(entryId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.collab.rooms.get(entryId)).toBeUndefined();
    expect((await post(lead, { body: 'Read from the store', anchor })).status).toBe(201);
    expect((await post(lead, { body: 'Wrong section, from the store', anchor: elsewhere })).status).toBe(400);
  });
});
