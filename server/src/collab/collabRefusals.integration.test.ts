import { MessageType, REFUSALS_QUERY_PARAM } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { READ_ONLY_WRITES_JUDGED_MAX } from '../config.ts';
import { partnerMember, post, SECTIONS, type SignoffFixture, validEntry } from '../signoff/testing/signoffFixtures.ts';
import type { TestUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import {
  frames,
  kindOf,
  openProvider,
  openRaw,
  paragraphs,
  type TestProvider,
  WAIT_MS,
  whenSynced,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

/** A provider that asked for acks and refusals, and what it heard of them. */
type Listening = { provider: TestProvider; saved: number[]; dropped: number[] };

/**
 * C-WRITE-6 over real sockets with unmodified y-websocket providers: a connection that asks
 * (`refusals=1`) gets the server's SyncStep1 even when it may not write, its answer is
 * acknowledged when it changes nothing, and the first write that would change the document is
 * dropped and said (`[102, n]`), once, with no ack after it. This is how a page whose offline copy
 * holds edits from before a submission learns they will never be stored, and one that holds
 * nothing new learns it is saved. A connection that does not ask sees nothing new.
 */
describe('collaboration: writes dropped, said to connections that ask (C-WRITE-6)', () => {
  let server: CollabTestServer;
  let f: SignoffFixture;
  let viewer: TestUser;
  let contributor: TestUser;
  const providers: TestProvider[] = [];
  const section = SECTIONS[0]!;

  const listen = (user: TestUser, doc?: Y.Doc): Listening => {
    const provider = openProvider(server, user, f.entryId, {
      doc,
      params: { acks: '1', [REFUSALS_QUERY_PARAM]: '1' },
    });
    providers.push(provider);
    const heard: Listening = { provider, saved: [], dropped: [] };
    provider.messageHandlers[MessageType.saved] = (_e, decoder) => void heard.saved.push(decoding.readVarUint(decoder));
    provider.messageHandlers[MessageType.writesDropped] = (_e, decoder) =>
      void heard.dropped.push(decoding.readVarUint(decoder));
    return heard;
  };
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + WAIT_MS;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const stored = async () => applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(f.entryId));
  /** A copy of the document as a browser kept it offline (IndexedDB) while it was connected. */
  const offlineCopyOf = (doc: Y.Doc) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return copy;
  };

  beforeAll(async () => {
    server = await startCollabTestServer();
    f = await validEntry(server, (p) => providers.push(p));
    viewer = await partnerMember(f, 'viewer');
    contributor = await partnerMember(f, 'contributor');
  }, 60_000);
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await server?.close();
  });

  it('a viewer that asks: its answer to our SyncStep1 is acked; its first real write is dropped and said, once', async () => {
    const heard = listen(viewer);
    await whenSynced(heard.provider);
    await until(() => heard.saved.includes(1), 'the ack of the SyncStep2 that changes nothing');
    expect(heard.dropped).toEqual([]);

    writeParagraph(heard.provider.doc, section, 'viewer vandalism');
    await until(() => heard.dropped.length > 0, 'the refusal');
    expect(heard.dropped).toEqual([2]);
    writeParagraph(heard.provider.doc, section, 'and more');
    const room = server.collab.rooms.get(f.entryId)!;
    const connection = [...room.connections].find((c) => c.userId === viewer.me.user.id)!;
    await until(() => connection.refusedWrites === 2, 'the second refusal');
    await room.whenIdle();
    expect(heard.dropped).toEqual([2]); // said once
    expect(Math.max(...heard.saved)).toBe(1); // no ack after a refusal (C-ACK-3)
    expect(paragraphs(await stored(), section).join('\n')).not.toContain('vandalism');
  });

  it('judges only a few writes of a connection that may not write; the rest are dropped unread', async () => {
    const raw = openRaw(server, viewer, f.entryId, { query: `?acks=1&${REFUSALS_QUERY_PARAM}=1` });
    await raw.sync(new Y.Doc());
    const nothing = Y.encodeStateAsUpdate(new Y.Doc());
    for (let i = 0; i < READ_ONLY_WRITES_JUDGED_MAX + 2; i++) raw.send(frames.update(nothing));
    /** The number a `[type, n]` message carries. */
    const numberOf = (bytes: Uint8Array) => {
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarUint(decoder);
      return decoding.readVarUint(decoder);
    };
    const dropped = await raw.next((bytes) => kindOf(bytes).type === MessageType.writesDropped, 'the refusal');
    expect(numberOf(dropped)).toBe(READ_ONLY_WRITES_JUDGED_MAX + 1);
    // The writes before the dropped one are still acknowledged, and none after it.
    const isAck = (bytes: Uint8Array) => kindOf(bytes).type === MessageType.saved;
    await raw.next((bytes) => isAck(bytes) && numberOf(bytes) === READ_ONLY_WRITES_JUDGED_MAX, 'the acks');
    await server.collab.rooms.get(f.entryId)?.whenIdle();
    expect(Math.max(...raw.received.filter(isAck).map(numberOf))).toBe(READ_ONLY_WRITES_JUDGED_MAX);
    raw.ws.close();
  });

  it('a viewer that does not ask gets no SyncStep1 and no refusal message, as before', async () => {
    const raw = openRaw(server, viewer, f.entryId, { query: '?acks=1' });
    await raw.sync(new Y.Doc());
    const doc = new Y.Doc();
    writeParagraph(doc, section, 'unasked');
    raw.send(frames.update(Y.encodeStateAsUpdate(doc)));
    const room = server.collab.rooms.get(f.entryId)!;
    const connection = [...room.connections].find((c) => c.userId === viewer.me.user.id && !c.wantsRefusals)!;
    await until(() => connection.refusedWrites === 1, 'the refusal');
    await room.whenIdle();
    expect(raw.received.map(kindOf).filter((k) => k.type === 0 && k.step === 0)).toEqual([]);
    expect(raw.received.map(kindOf).filter((k) => k.type === MessageType.writesDropped)).toEqual([]);
    raw.ws.close();
  });

  describe('after the entry is submitted', () => {
    let withNewText: Y.Doc;
    let withDeletion: Y.Doc;
    let unchanged: Y.Doc;

    beforeAll(async () => {
      // The contributor's browser kept copies while connected, then went offline and edited them.
      const online = listen(contributor);
      await whenSynced(online.provider);
      withNewText = offlineCopyOf(online.provider.doc);
      withDeletion = offlineCopyOf(online.provider.doc);
      unchanged = offlineCopyOf(online.provider.doc);
      online.provider.destroy();
      writeParagraph(withNewText, section, 'typed offline before the submission');
      withDeletion.getXmlFragment(`section:${section}`).delete(0, 1);
      expect((await post(server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
    });

    it('an offline copy holding new text is told at once that it will not be stored; nothing is', async () => {
      const before = Y.encodeStateVector(await stored());
      const heard = listen(contributor, withNewText);
      await whenSynced(heard.provider);
      await until(() => heard.dropped.length > 0, 'the refusal');
      expect(heard.dropped).toEqual([1]);
      expect(heard.saved).toEqual([]);
      await server.collab.rooms.get(f.entryId)?.whenIdle();
      expect(Y.encodeStateVector(await stored())).toEqual(before);
    });

    it('a copy holding only a deletion the server lacks is told too', async () => {
      const heard = listen(contributor, withDeletion);
      await whenSynced(heard.provider);
      await until(() => heard.dropped.length > 0, 'the refusal');
      expect(heard.dropped).toEqual([1]);
      expect(paragraphs(await stored(), section)).toEqual(paragraphs(unchanged, section));
    });

    it('a copy holding nothing new is acknowledged: the page can say "Saved"', async () => {
      const heard = listen(contributor, unchanged);
      await whenSynced(heard.provider);
      await until(() => heard.saved.includes(1), 'the ack');
      expect(heard.dropped).toEqual([]);
    });
  });
});
