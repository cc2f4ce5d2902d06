import { CloseCode, FINALIST_OUTLINE } from '@jointly/shared';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import { DEFAULT_COLLAB_TUNING } from './collabTuning.ts';
import { createMemoryDocStore } from './docStore.memory.ts';
import type { DocStore } from './docStore.ts';
import { ProtocolError } from './ProtocolError.ts';
import { fakeConnection } from './testing/fakeConnection.ts';
import { createUpdateValidator } from './updateValidator.ts';
import { WriteGate } from './WriteGate.ts';

const logger = createLogger('silent');
const validator = createUpdateValidator({ workers: 1 });
afterAll(() => validator.close());

function paragraphUpdate(clientId: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  t.insert(0, text);
  doc.getXmlFragment('section:intro').insert(0, [p]);
  return Y.encodeStateAsUpdate(doc);
}

async function validated(update: Uint8Array) {
  const result = await validator.validate(update);
  if (!result.ok) throw new Error(result.message);
  return { summary: result.summary, clients: result.clients, measured: false };
}

function gate(
  announced: Map<number, string> = new Map(),
  store: Pick<DocStore, 'ownersOfClientIds'> = createMemoryDocStore(),
) {
  const storageFailures: unknown[] = [];
  const writes = new WriteGate({
    entryId: 'entry',
    logger,
    tuning: DEFAULT_COLLAB_TUNING,
    validator,
    store,
    sections: null,
    announcedBy: (clientId) => announced.get(clientId),
    storageFailed: (err) => storageFailures.push(err),
  });
  return Object.assign(writes, { storageFailures });
}

describe('WriteGate', () => {
  it('C-SYNC-5: the first writer of a client id owns it; another person writing under it is closed 4409', async () => {
    const doc = new Y.Doc();
    const writes = gate();
    const alice = fakeConnection('entry', { logger });
    const mallory = fakeConnection('entry', { logger });
    const update = paragraphUpdate(7, 'alice');
    expect(writes.admit(doc, alice.connection, await validated(update))).toEqual({ claims: [7], outlineOnly: false });
    expect(writes.writerOf(7)).toBe(alice.connection.userId);
    Y.applyUpdate(doc, update);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(doc));
    forged.clientID = 7;
    const before = Y.encodeStateVector(forged);
    (forged.getXmlFragment('section:intro').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('x')]);
    expect(writes.admit(doc, mallory.connection, await validated(Y.encodeStateAsUpdate(forged, before)))).toBeNull();
    expect(mallory.socket.closedWith).toBe(CloseCode.forgedClientId);
  });

  it('C-SYNC-9: an id announced in presence by another person cannot be written under first', async () => {
    const writes = gate(new Map([[9, 'victim']]));
    const squatter = fakeConnection('entry', { logger });
    expect(writes.admit(new Y.Doc(), squatter.connection, await validated(paragraphUpdate(9, 'mine')))).toBeNull();
    expect(squatter.socket.closedWith).toBe(CloseCode.forgedClientId);
  });

  it('C-SCHEMA-2: an update outside the schema is refused with 4422 and claims nothing', async () => {
    const writes = gate();
    const doc = new Y.Doc();
    const writer = fakeConnection('entry', { logger });
    const raw = new Y.Doc();
    raw.clientID = 3;
    raw.getText('section:intro').insert(0, 'raw');
    expect(writes.admit(doc, writer.connection, await validated(Y.encodeStateAsUpdate(raw)))).toBeNull();
    expect(writer.socket.closedWith).toBe(CloseCode.updateRefused);
    expect(writes.writerOf(3)).toBeUndefined();
  });

  it('C-WRITE-5: outline-only scope takes writes and deletions inside finalistOutline, and nothing reaching outside', async () => {
    const writes = gate();
    const writer = fakeConnection('entry', { logger });
    const outlineOnly = { entry: false, outline: true };
    // The document holds a section paragraph and an outline paragraph, written by others before.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, paragraphUpdate(1, 'submitted text'));
    const other = new Y.Doc();
    other.clientID = 2;
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('outline')]);
    other.getXmlFragment(FINALIST_OUTLINE).insert(0, [p]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));

    const client = new Y.Doc();
    client.clientID = 5;
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const edit = async (change: () => void) => {
      const before = Y.encodeStateVector(client);
      change();
      return validated(Y.encodeStateAsUpdate(client, before));
    };
    // Typing into the outline, and deleting from it: admitted, marked outline-only.
    const typed = await edit(() =>
      ((client.getXmlFragment(FINALIST_OUTLINE).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(7, ' first'),
    );
    expect(writes.admit(doc, writer.connection, typed, outlineOnly)).toEqual({ claims: [5], outlineOnly: true });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(client));
    const deleted = await edit(() => client.getXmlFragment(FINALIST_OUTLINE).delete(0, 1));
    expect(writes.admit(doc, writer.connection, deleted, outlineOnly)).toMatchObject({ outlineOnly: true });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(client));
    // Deleting a section's paragraph (no new struct at all) reaches outside: refused, the socket kept.
    const cut = await edit(() => client.getXmlFragment('section:intro').delete(0, 1));
    expect(writes.admit(doc, writer.connection, cut, outlineOnly)).toBe('notWritable');
    // The stage closed: an outline write is refused for a writer of the whole document too.
    const late = await edit(() => client.getXmlFragment(FINALIST_OUTLINE).insert(0, [new Y.XmlElement('paragraph')]));
    expect(writes.admit(doc, writer.connection, late, { entry: true, outline: false })).toBe('notWritable');
    expect(writer.socket.closedWith).toBeNull();
  });

  it('C-SYNC-3: preparing an undecodable update throws the 1007 refusal and queues nothing', async () => {
    const writes = gate();
    const sender = fakeConnection('entry', { logger });
    const doc = new Y.Doc();
    const refused = writes.prepare(
      () => doc,
      sender.connection,
      new Uint8Array([0xff, 0xff, 0xff]),
      () => false,
    );
    await expect(refused).rejects.toBeInstanceOf(ProtocolError);
    await expect(refused).rejects.toMatchObject({ code: CloseCode.invalidPayload });
  });

  it('C-PERSIST-3: a store that cannot say who owns a client id fails the room instead of guessing', async () => {
    const broken = new Error('database unavailable');
    const writes = gate(new Map(), { ownersOfClientIds: () => Promise.reject(broken) });
    const sender = fakeConnection('entry', { logger });
    const doc = new Y.Doc();
    const prepared = await writes.prepare(
      () => doc,
      sender.connection,
      paragraphUpdate(5, 'x'),
      () => false,
    );
    expect(prepared).toBeNull();
    expect(writes.storageFailures).toEqual([broken]);
  });

  it('a write whose sender left while it was decoded is dropped, not queued', async () => {
    const writes = gate();
    const sender = fakeConnection('entry', { logger });
    const doc = new Y.Doc();
    expect(
      await writes.prepare(
        () => doc,
        sender.connection,
        paragraphUpdate(6, 'late'),
        () => true,
      ),
    ).toBeNull();
    const kept = await writes.prepare(
      () => doc,
      sender.connection,
      paragraphUpdate(6, 'kept'),
      () => false,
    );
    expect(kept?.clients.map((range) => range.client)).toEqual([6]);
  });
});
