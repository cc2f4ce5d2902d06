import { CloseCode } from '@jointly/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { addMember, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
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
import { V1_HOSTILE_UPDATES, YJS_687_MERGE_V2_POC } from './testing/hostilePayloads.ts';

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/**
 * Hostile input on the socket (C-MSG, C-SYNC-4, C-AW-4; RELIABILITY A1, A5,
 * B11–B13, C24): the offending connection closes with its documented code,
 * nothing of it is applied, everyone else carries on, and the event loop
 * never stalls.
 */
describe('collaboration under hostile input', () => {
  let server: CollabTestServer;
  let lead: TestUser;
  let attacker: TestUser;
  let entryId: string;
  let writer: TestProvider;
  let reader: TestProvider;
  let written = 0;

  beforeAll(async () => {
    server = await startCollabTestServer({ env: { COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } });
    lead = await signUpUser(server);
    attacker = await signUpUser(server, { organisationName: 'Mallory Ltd', organisationKind: 'supplier' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, attacker, 'contributor');
    writer = openProvider(server, lead, entryId);
    reader = openProvider(server, lead, entryId);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    writeParagraph(writer.doc, 'context-and-evolution', 'before the attack');
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, 'context-and-evolution').length === 1);
  });

  afterAll(async () => {
    writer?.destroy();
    reader?.destroy();
    await server?.close();
  });

  async function storedState() {
    await server.collab.rooms.get(entryId)?.whenIdle();
    const doc = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    return { vector: Y.encodeStateVector(doc), intro: paragraphs(doc, 'context-and-evolution') };
  }

  /** Sends `send(client)` from the attacker and returns the close code; checks the rest of the contract. */
  async function attack(send: (client: ReturnType<typeof openRaw>) => void): Promise<number> {
    const before = await storedState();
    const client = openRaw(server, attacker, entryId);
    await client.sync(new Y.Doc());
    let code = 0;
    const worst = await worstEventLoopDelay(async () => {
      send(client);
      code = (await client.closed).code;
    });
    expect(worst).toBeLessThan(100);
    // Nothing of it was applied or stored.
    const after = await storedState();
    expect(after).toEqual(before);
    // Other clients keep working on the same document.
    const text = `still working ${written++}`;
    writeParagraph(writer.doc, 'context-and-evolution', text);
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes(text));
    expect(writer.wsconnected && reader.wsconnected).toBe(true);
    return code;
  }

  it('C-MSG-3: a malformed update closes that connection with 1007', async () => {
    const doc = new Y.Doc();
    doc.getText('x').insert(0, 'valid');
    const valid = Y.encodeStateAsUpdate(doc);
    expect(await attack((c) => c.send(frames.update(new Uint8Array([7, 1, 2, 3, 250, 251]))))).toBe(
      CloseCode.invalidPayload,
    );
    expect(await attack((c) => c.send(frames.update(valid.slice(0, valid.length - 4))))).toBe(CloseCode.invalidPayload);
    expect(await attack((c) => c.send(frames.update(valid).slice(0, 5)))).toBe(CloseCode.invalidPayload);
    expect(await attack((c) => c.send(Uint8Array.from([...frames.update(valid), 0])))).toBe(CloseCode.invalidPayload);
  });

  it('C-SYNC-4: the yjs #687 payloads close the connection with 1007 without stalling the loop', async () => {
    for (const payload of [YJS_687_MERGE_V2_POC, ...V1_HOSTILE_UPDATES]) {
      expect(await attack((c) => c.send(frames.update(payload)))).toBe(CloseCode.invalidPayload);
      // Padded past UPDATE_INLINE_DECODE_MAX_BYTES, so the decode worker handles it.
      const padded = Buffer.concat([payload, Buffer.alloc(32 * 1024, 0xff)]);
      expect(await attack((c) => c.send(frames.update(padded)))).toBe(CloseCode.invalidPayload);
    }
    // As a SyncStep2 too.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, YJS_687_MERGE_V2_POC);
    expect(await attack((c) => c.send(encoding.toUint8Array(encoder)))).toBe(CloseCode.invalidPayload);
  });

  it('C-MSG-2: a message over COLLAB_MAX_MESSAGE_BYTES (3 MiB against 2 MiB) closes with 1009', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    big[0] = 0;
    big[1] = 2;
    expect(await attack((c) => c.send(big))).toBe(CloseCode.messageTooBig);
  });

  it('C-MSG-4: an unknown message type closes with 1008', async () => {
    expect(await attack((c) => c.send(new Uint8Array([7])))).toBe(CloseCode.policyViolation);
    expect(await attack((c) => c.send(new Uint8Array([2, 0, 4, 110, 111, 112, 101])))).toBe(CloseCode.policyViolation);
    expect(await attack((c) => c.send(new Uint8Array([100, 1])))).toBe(CloseCode.policyViolation);
    expect(await attack((c) => c.send(new Uint8Array([0, 9, 0])))).toBe(CloseCode.policyViolation);
  });

  it('C-MSG-1: a text frame closes with 1007', async () => {
    expect(await attack((c) => c.ws.send('{"hello":"world"}'))).toBe(CloseCode.invalidPayload);
  });

  it('C-MSG-5: an invalid WebSocket frame closes that socket (1002) and the process carries on', async () => {
    const code = await attack((c) => {
      // FIN + RSV1–3 set, binary opcode, masked, empty payload: a protocol error.
      const raw = (c.ws as WebSocket & { _socket: import('node:net').Socket })._socket;
      raw.write(Buffer.from([0xf2, 0x80, 0, 0, 0, 0]));
    });
    expect(code).toBe(1002);
  });

  it('C-AW-4: an awareness JSON bomb or invalid JSON closes with 1008', async () => {
    for (const levels of [50, 5000]) {
      const deep = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
      expect(await attack((c) => c.send(frames.awarenessOf([{ clientId: 1, clock: 1, json: deep }])))).toBe(
        CloseCode.policyViolation,
      );
    }
    expect(
      await attack((c) => c.send(frames.awarenessOf([{ clientId: 1, clock: 1, state: { s: 'x'.repeat(1_000_000) } }]))),
    ).toBe(CloseCode.policyViolation);
    const invalid = encoding.createEncoder();
    encoding.writeVarUint(invalid, 1);
    encoding.writeVarUint(invalid, 1);
    encoding.writeVarUint(invalid, 1);
    encoding.writeVarString(invalid, '{"not json');
    expect(await attack((c) => c.send(frames.awareness(encoding.toUint8Array(invalid))))).toBe(
      CloseCode.policyViolation,
    );
  });

  it('C-FLOOD-1: a connection that floods its queue is closed with 1008', async () => {
    // Empty updates: harmless one by one, so only the queue cap can close the connection.
    const update = frames.update(new Uint8Array([0, 0]));
    const code = await attack((c) => {
      for (let i = 0; i < 2000; i++) c.send(update);
    });
    expect(code).toBe(CloseCode.policyViolation);
  });
});
