import { MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createAckingWebSocketClass } from './ackingWebSocketClass.ts';
import { readSavedCount, syncMessageKind } from './syncMessageKind.ts';

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const doc = new Y.Doc();
doc.getText('t').insert(0, 'hello');

const step1 = message((e) => {
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeSyncStep1(e, doc);
});
const step2 = message((e) => {
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeSyncStep2(e, doc);
});
const update = message((e) => {
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
});
const awareness = message((e) => {
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(
    e,
    awarenessProtocol.encodeAwarenessUpdate(new awarenessProtocol.Awareness(doc), [doc.clientID]),
  );
});

describe('syncMessageKind', () => {
  it('counts SyncStep2 and Update, the messages the server acknowledges', () => {
    expect(syncMessageKind(step2)).toBe('step2');
    expect(syncMessageKind(update)).toBe('update');
    expect(syncMessageKind(update.buffer)).toBe('update');
  });

  it('does not count SyncStep1, awareness, text or garbage', () => {
    expect(syncMessageKind(step1)).toBeNull();
    expect(syncMessageKind(awareness)).toBeNull();
    expect(syncMessageKind('hello')).toBeNull();
    expect(syncMessageKind(new Uint8Array([]))).toBeNull();
    expect(syncMessageKind(new Uint8Array([0]))).toBeNull();
    expect(syncMessageKind(new Uint8Array([0xff, 0xff, 0xff]))).toBeNull();
  });
});

describe('readSavedCount', () => {
  it('reads n from a saved acknowledgement [100, varUint n]', () => {
    const ack = message((e) => {
      encoding.writeVarUint(e, MessageType.saved);
      encoding.writeVarUint(e, 300);
    });
    const decoder = decoding.createDecoder(ack);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.saved);
    expect(readSavedCount(decoder)).toBe(300);
  });
});

describe('createAckingWebSocketClass', () => {
  class FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly sent: unknown[] = [];
    readyState = 1;
    constructor(readonly url: string) {}
    send(data: unknown) {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      this.sent.push(data);
    }
  }

  it('reports each sync message it sends, with the socket that sent it', () => {
    const onSent = vi.fn();
    const Socket = createAckingWebSocketClass(onSent, FakeSocket as unknown as typeof WebSocket);
    const socket = new Socket('ws://localhost/collab/e1');
    socket.send(step1);
    socket.send(step2);
    socket.send(awareness);
    socket.send(update);
    expect((socket as unknown as FakeSocket).sent).toHaveLength(4);
    expect(onSent.mock.calls).toEqual([
      [socket, 'step2'],
      [socket, 'update'],
    ]);
  });

  it('does not count a message the browser refused to send', () => {
    const onSent = vi.fn();
    const Socket = createAckingWebSocketClass(onSent, FakeSocket as unknown as typeof WebSocket);
    const socket = new Socket('ws://localhost/collab/e1');
    (socket as unknown as FakeSocket).readyState = 0;
    expect(() => socket.send(update)).toThrow();
    expect(onSent).not.toHaveBeenCalled();
  });
});
