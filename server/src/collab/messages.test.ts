import { CloseCode, CloseReason, MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  encodeSavedMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
  parseClientMessage,
} from './messages.ts';
import { ProtocolError } from './ProtocolError.ts';

const message = (...parts: ((e: encoding.Encoder) => void)[]) => {
  const encoder = encoding.createEncoder();
  for (const part of parts) part(encoder);
  return encoding.toUint8Array(encoder);
};
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);
const raw = (b: number[]) => (e: encoding.Encoder) => encoding.writeUint8Array(e, new Uint8Array(b));

function refusal(bytes: Uint8Array): ProtocolError {
  try {
    parseClientMessage(bytes);
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error('expected a ProtocolError');
}

describe('parseClientMessage', () => {
  const doc = new Y.Doc();
  doc.getText('section:a').insert(0, 'hi');
  const update = Y.encodeStateAsUpdate(doc);

  it('C-MSG-3: reads the y-websocket messages a WebsocketProvider sends', () => {
    expect(parseClientMessage(encodeSyncStep1(doc))).toEqual({
      kind: 'syncStep1',
      stateVector: Y.encodeStateVector(doc),
    });
    expect(parseClientMessage(message(uint(0), uint(1), bytes(update)))).toEqual({ kind: 'syncStep2', update });
    expect(parseClientMessage(encodeUpdateMessage(update))).toEqual({ kind: 'update', update });
    expect(parseClientMessage(message(uint(1), bytes(new Uint8Array([0]))))).toEqual({
      kind: 'awareness',
      update: new Uint8Array([0]),
    });
    expect(parseClientMessage(message(uint(3)))).toEqual({ kind: 'queryAwareness' });
  });

  it('C-MSG-3: truncated or garbage messages are refused with 1007', () => {
    for (const bad of [
      new Uint8Array([]),
      new Uint8Array([0x80]),
      message(uint(0)),
      message(uint(0), uint(2), uint(50), raw([1, 2, 3])),
      message(uint(1), uint(10)),
      encodeUpdateMessage(update).slice(0, -1),
    ]) {
      const err = refusal(bad);
      expect(err.code).toBe(CloseCode.invalidPayload);
    }
  });

  it('C-MSG-3: trailing bytes after a message are refused with 1007', () => {
    const err = refusal(message(uint(0), uint(2), bytes(update), raw([0])));
    expect(err.code).toBe(CloseCode.invalidPayload);
    expect(refusal(message(uint(3), raw([1]))).code).toBe(CloseCode.invalidPayload);
  });

  it('C-MSG-3: a garbage state vector in SyncStep1 is refused with 1007', () => {
    const err = refusal(message(uint(0), uint(0), bytes(new Uint8Array([5, 1]))));
    expect(err.code).toBe(CloseCode.invalidPayload);
    expect(err.reason).toBe(CloseReason.invalidSync);
  });

  it('C-MSG-4: unknown message types and sync steps are refused with 1008', () => {
    for (const type of [2, 4, 99, MessageType.saved, 1_000_000]) {
      const err = refusal(message(uint(type)));
      expect(err.code).toBe(CloseCode.policyViolation);
      expect(err.reason).toBe(CloseReason.unknownMessage);
    }
    const err = refusal(message(uint(0), uint(3), bytes(update)));
    expect(err.code).toBe(CloseCode.policyViolation);
  });
});

describe('server messages', () => {
  it('C-SYNC-1: SyncStep2 carries what the client lacks and reads back with y-protocols', () => {
    const server = new Y.Doc();
    server.getText('section:a').insert(0, 'server text');
    const client = new Y.Doc();
    const reply = encodeSyncStep2(server, Y.encodeStateVector(client));
    const decoder = decoding.createDecoder(reply);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
    expect(client.getText('section:a').toString()).toBe('server text');
  });

  it('C-ACK-1: saved acks are [100, n]', () => {
    const decoder = decoding.createDecoder(encodeSavedMessage(300));
    expect(decoding.readVarUint(decoder)).toBe(100);
    expect(decoding.readVarUint(decoder)).toBe(300);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});
