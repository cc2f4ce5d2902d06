import {
  addItem,
  CloseCode,
  EVIDENCE_MAP,
  emptyEvidence,
  emptyTestimonial,
  TESTIMONIALS_MAP,
  updateItem,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import {
  frames,
  openProvider,
  openRaw,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  worstEventLoopDelay,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';
import {
  deleteAheadUpdate,
  farApartItemsUpdate,
  inUpdateFarApartUpdate,
  pendingStructsUpdate,
} from './testing/hostileUpdates.ts';

const SECTION = 'context-and-evolution';

/**
 * Issue 10's hostile updates (findings 1–3, 5–7; RELIABILITY B12, B15, I61,
 * J70) against the document schema (C-SCHEMA-*): each is refused whole with
 * 4422 (4409 for a squatted client id), nothing of it is stored or relayed,
 * and while it arrives the event loop, another person's round trip and
 * /healthz stay under 100 ms.
 */
describe('the document schema under hostile updates', () => {
  let server: CollabTestServer;
  let lead: TestUser;
  let attacker: TestUser;
  let entryId: string;
  let writer: TestProvider;
  let reader: TestProvider;
  let written = 0;

  beforeAll(async () => {
    server = await startCollabTestServer();
    lead = await signUpUser(server);
    attacker = await signUpUser(server, { organisationName: 'Mallory Ltd', organisationKind: 'supplier' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, attacker, 'contributor');
    writer = openProvider(server, lead, entryId);
    reader = openProvider(server, lead, entryId);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    writeParagraph(writer.doc, SECTION, 'x'.repeat(3000));
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, SECTION).length === 1);
  });

  afterAll(async () => {
    writer?.destroy();
    reader?.destroy();
    await server?.close();
  });

  async function stored() {
    await server.collab.rooms.get(entryId)?.whenIdle();
    const doc = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    return { vector: Y.encodeStateVector(doc), text: paragraphs(doc, SECTION) };
  }

  /** The writer's stored run of text: its first character's id. */
  function storedRun(): { client: number; clock: number } {
    const paragraph = writer.doc.getXmlFragment(`section:${SECTION}`).get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const id = text._start!.id;
    return { client: id.client, clock: id.clock };
  }

  /** Sends the attacker's update, returns the close code and the worst delays seen meanwhile. */
  async function attack(update: Uint8Array | ((doc: Y.Doc) => Uint8Array)) {
    const before = await stored();
    const client = openRaw(server, attacker, entryId);
    const doc = new Y.Doc();
    await client.sync(doc);
    const bytes = typeof update === 'function' ? update(doc) : update;
    let code = 0;
    let worstHealth = 0;
    let worstRoundTrip = 0;
    let refusedInMs = 0;
    const probe = openRaw(server, lead, entryId);
    await probe.sync(new Y.Doc());
    const worstLoop = await worstEventLoopDelay(async () => {
      let done = false;
      const probing = (async () => {
        while (!done) {
          const started = performance.now();
          const health = await fetch(`${server.origin}/healthz`);
          worstHealth = Math.max(worstHealth, performance.now() - started);
          expect(health.status).toBe(200);
          const roundTrip = performance.now();
          await probe.sync(new Y.Doc());
          worstRoundTrip = Math.max(worstRoundTrip, performance.now() - roundTrip);
          // A person's pace, not a flood of our own that would be what slows the server.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const sent = performance.now();
      client.send(frames.update(bytes));
      code = (await client.closed).code;
      refusedInMs = performance.now() - sent;
      done = true;
      await probing;
    });
    probe.ws.close();
    // Nothing of it was stored; everyone else carries on.
    expect(await stored()).toEqual(before);
    const text = `still writing ${written++}`;
    writeParagraph(writer.doc, SECTION, text);
    await waitForDoc(reader.doc, (d) => paragraphs(d, SECTION).includes(text));
    // The figures the issue asks for, in the test's output.
    process.stderr.write(
      `[I10] ${bytes.length} bytes: closed ${code} after ${refusedInMs.toFixed(0)} ms; worst event-loop delay ${worstLoop.toFixed(0)} ms, /healthz ${worstHealth.toFixed(0)} ms, another member's round trip ${worstRoundTrip.toFixed(0)} ms\n`,
    );
    return { code, worstLoop, worstHealth, worstRoundTrip };
  }

  const expectBounded = (result: { worstLoop: number; worstHealth: number; worstRoundTrip: number }) => {
    expect(result.worstLoop).toBeLessThan(100);
    expect(result.worstHealth).toBeLessThan(100);
    expect(result.worstRoundTrip).toBeLessThan(100);
  };

  it('I10-1, C-SCHEMA-1: 22,000 structs under new client ids whose clock 0 never came (≈300 KB) are refused at once', async () => {
    const update = pendingStructsUpdate(22_000);
    expect(update.length).toBeGreaterThan(250_000);
    const started = performance.now();
    const result = await attack(update);
    expect(result.code).toBe(CloseCode.updateRefused);
    expectBounded(result);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.collab.rooms.get(entryId)!.doc.store.pendingStructs).toBeNull();
  });

  it('I10-2, C-SCHEMA-4: items whose neighbours are far apart in a stored run are refused, from one client id or many', async () => {
    for (const clients of [1, 2_000]) {
      const result = await attack(farApartItemsUpdate(storedRun(), 2_000, clients));
      expect(result.code).toBe(CloseCode.updateRefused);
      expectBounded(result);
    }
    // Sent one item per update, they are refused once too many pile up at the same place.
    const client = openRaw(server, attacker, entryId);
    await client.sync(new Y.Doc());
    const run = storedRun();
    for (let i = 0; i < 400; i++) {
      const single = farApartItemsUpdate(run, i + 1, 1, 3_000_000).slice();
      client.send(frames.update(single));
      if (client.ws.readyState !== client.ws.OPEN) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await client.closed).code).toBe(CloseCode.updateRefused);
    // What was stored loads in normal time after a restart-like fresh read.
    const started = performance.now();
    applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('I10-2, C-SCHEMA-4: one update whose own items are far apart is measured in a worker and refused; an honest one passes', async () => {
    // A section of its own, so its size limit (C-SCHEMA-3) is not what refuses it.
    const other = 'benefits-and-outcomes';
    writeParagraph(writer.doc, other, 'start');
    await waitForDoc(reader.doc, (d) => paragraphs(d, other).includes('start'));
    const paragraph = writer.doc.getXmlFragment(`section:${other}`).get(0) as Y.XmlElement;
    const textItem = (paragraph.get(0) as Y.XmlText)._item!.id;
    const result = await attack(inUpdateFarApartUpdate({ client: textItem.client, clock: textItem.clock }, 600));
    expect(result.code).toBe(CloseCode.updateRefused);
    expectBounded(result);
    // Written before what was written there last, 300 times, sent as one update (an offline session):
    // no bound proves it cheap, the worker finds it is, and it is stored.
    const client = openRaw(server, attacker, entryId, { query: '?acks=1' });
    const doc = new Y.Doc();
    await client.sync(doc);
    const before = Y.encodeStateVector(doc);
    const text = (doc.getXmlFragment(`section:${other}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    for (let i = 0; i < 300; i++) text.insert(0, 'ab');
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    await client.next((bytes) => bytes[0] === 100, 'saved');
    client.ws.close();
    await waitForDoc(reader.doc, (d) => (paragraphs(d, other)[0] ?? '').startsWith('abab'));
  });

  it('I10-6, C-SCHEMA-1: a delete set over clocks nobody wrote yet is refused, so later writing stays', async () => {
    const victim = writer.doc.clientID;
    const ahead = Y.getState(writer.doc.store, victim);
    const result = await attack(deleteAheadUpdate(victim, ahead, 10_000));
    expect(result.code).toBe(CloseCode.updateRefused);
    writeParagraph(writer.doc, SECTION, 'written after the attempt');
    await waitForDoc(reader.doc, (d) => paragraphs(d, SECTION).includes('written after the attempt'));
  });

  it('I10-3, C-SCHEMA-2: raw values, other types under a section name and unknown top-level types are refused', async () => {
    const shapes: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.getText(`section:${SECTION}`).insert(0, 'raw text at the top'),
      (doc) => doc.getArray(`section:${SECTION}`).insert(0, ['a string', { an: 'object' }]),
      (doc) => doc.getArray(`section:${SECTION}`).insert(0, [new Uint8Array([1, 2, 3])]),
      (doc) => doc.getMap(`section:${SECTION}`).set('key', 'value'),
      (doc) => doc.getText('section:no-such-section').insert(0, 'x'),
      (doc) => doc.getMap('anything-else').set('k', 1),
      (doc) => doc.getMap('testimonials').set('not-a-map-item', 'plain string'),
    ];
    for (const shape of shapes) {
      const result = await attack((doc) => {
        const before = Y.encodeStateVector(doc);
        shape(doc);
        return Y.encodeStateAsUpdate(doc, before);
      });
      expect(result.code).toBe(CloseCode.updateRefused);
    }
    const dashboard = await api(server, lead, 'GET', '/api/entries');
    expect(dashboard.status).toBe(200);
    expect((await api(server, lead, 'GET', `/api/entries/${entryId}`)).status).toBe(200);
    expect((await api(server, lead, 'GET', `/api/entries/${entryId}/export.pdf`)).status).toBe(200);
  });

  it('I10-7, I61, C-SCHEMA-2: an unknown mark, node or attribute, or a javascript: link, is refused', async () => {
    const edits: ((doc: Y.Doc) => void)[] = [
      (doc) => textOf(doc).format(0, 1, { comment: { id: 'x' } }),
      (doc) => textOf(doc).format(0, 1, { link: { href: 'javascript:alert(1)' } }),
      (doc) => paragraphOf(doc).setAttribute('onclick', 'alert(1)'),
      (doc) => doc.getXmlFragment(`section:${SECTION}`).insert(0, [new Y.XmlElement('script')]),
      (doc) => paragraphOf(doc).insert(0, [new Y.XmlElement('paragraph')]),
    ];
    for (const edit of edits) {
      const result = await attack((doc) => {
        const before = Y.encodeStateVector(doc);
        edit(doc);
        return Y.encodeStateAsUpdate(doc, before);
      });
      expect(result.code).toBe(CloseCode.updateRefused);
    }
    // An allowed mark and link still go through.
    const client = openRaw(server, attacker, entryId, { query: '?acks=1' });
    const doc = new Y.Doc();
    await client.sync(doc);
    const before = Y.encodeStateVector(doc);
    textOf(doc).format(0, 2, { bold: {}, link: { href: 'https://www.nhs.uk', target: '_blank' } });
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    await client.next((bytes) => bytes[0] === 100, 'saved');
    client.ws.close();
  });

  it("I13, C-SCHEMA-2: an item's files and a consent's forms are distinct file ids, at most 20; anything else is refused", async () => {
    const [a, b] = ['abcdefghijklmnop', 'bcdefghijklmnopq'];
    addItem(writer.doc.getMap(EVIDENCE_MAP), { ...emptyEvidence(), title: 'Audit' }, 'evidence-files-1');
    addItem(writer.doc.getMap(TESTIMONIALS_MAP), { ...emptyTestimonial(), quote: 'Thanks' }, 'testimonial-forms-1');
    await waitForDoc(reader.doc, (d) => d.getMap(TESTIMONIALS_MAP).has('testimonial-forms-1'));
    const consent = { obtained: true, date: '2025-01-01', howRecorded: 'form', uses: ['judging' as const] };
    const many = Array.from({ length: 21 }, (_, i) => `abcdefghijklmn${'abcdefghijklmnopqrstu'[i]}a`);
    const refused: unknown[] = [['not-a-file-id'], many, [a, a], [{ id: a }], a];
    for (const value of refused) {
      for (const write of [
        (doc: Y.Doc) => (doc.getMap(EVIDENCE_MAP).get('evidence-files-1') as Y.Map<unknown>).set('files', value),
        (doc: Y.Doc) =>
          (doc.getMap(TESTIMONIALS_MAP).get('testimonial-forms-1') as Y.Map<unknown>).set('consent', {
            ...consent,
            forms: value,
          }),
      ]) {
        const result = await attack((doc) => {
          const before = Y.encodeStateVector(doc);
          write(doc);
          return Y.encodeStateAsUpdate(doc, before);
        });
        expect(result.code, JSON.stringify(value)).toBe(CloseCode.updateRefused);
      }
    }
    // Distinct ids, in order, are stored and reach everyone.
    const client = openRaw(server, attacker, entryId, { query: '?acks=1' });
    const doc = new Y.Doc();
    await client.sync(doc);
    const before = Y.encodeStateVector(doc);
    updateItem(doc.getMap(EVIDENCE_MAP), 'evidence-files-1', { files: [b, a] });
    updateItem(doc.getMap(TESTIMONIALS_MAP), 'testimonial-forms-1', { consent: { ...consent, forms: [a] } });
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    await client.next((bytes) => bytes[0] === 100, 'saved');
    client.ws.close();
    await waitForDoc(reader.doc, (d) => {
      const item = d.getMap(EVIDENCE_MAP).get('evidence-files-1') as Y.Map<unknown> | undefined;
      return JSON.stringify(item?.get('files')) === JSON.stringify([b, a]);
    });
  });

  it('I10-5, C-SYNC-9: a client id announced in awareness cannot be taken by another person writing first', async () => {
    const victim = openRaw(server, lead, entryId, { query: '?acks=1' });
    const victimDoc = new Y.Doc();
    await victim.sync(victimDoc);
    victim.send(frames.awarenessOf([{ clientId: victimDoc.clientID, clock: 1, state: { section: SECTION } }]));
    await victim.next((bytes) => bytes[0] === 1, 'awareness echo');
    const squatter = openRaw(server, attacker, entryId);
    const squatDoc = new Y.Doc();
    await squatter.sync(squatDoc);
    squatDoc.clientID = victimDoc.clientID;
    const before = Y.encodeStateVector(squatDoc);
    writeParagraph(squatDoc, SECTION, 'squatted');
    squatter.send(frames.update(Y.encodeStateAsUpdate(squatDoc, before)));
    expect((await squatter.closed).code).toBe(CloseCode.forgedClientId);
    // The victim's first keystrokes are accepted.
    const vBefore = Y.encodeStateVector(victimDoc);
    writeParagraph(victimDoc, SECTION, 'mine');
    victim.send(frames.update(Y.encodeStateAsUpdate(victimDoc, vBefore)));
    await victim.next((bytes) => bytes[0] === 100, 'saved');
    await waitForDoc(reader.doc, (d) => paragraphs(d, SECTION).includes('mine'));
    expect(paragraphs(reader.doc, SECTION)).not.toContain('squatted');
    victim.ws.close();
  });

  function paragraphOf(doc: Y.Doc): Y.XmlElement {
    return doc.getXmlFragment(`section:${SECTION}`).get(0) as Y.XmlElement;
  }
  function textOf(doc: Y.Doc): Y.XmlText {
    return paragraphOf(doc).get(0) as Y.XmlText;
  }
});
