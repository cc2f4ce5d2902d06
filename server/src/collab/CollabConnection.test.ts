import type { AddressInfo, Socket } from 'node:net';
import { MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import { CollabConnection } from './CollabConnection.ts';
import { DEFAULT_COLLAB_TUNING } from './collabTuning.ts';
import { PendingBatch } from './PendingBatch.ts';

/**
 * Sending over real ws sockets on loopback: what a group commit sends one receiver (its updates
 * and its ack) reaches the kernel in one write (issue 16), each still a frame of its own, in order.
 */
describe('corked sending', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  let people = 0;
  /** A CollabConnection on the server end of a real socket, the client end, and a count of the server end's writes. */
  async function pair() {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => resolve(ws)));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    client.binaryType = 'nodebuffer';
    cleanups.push(() => client.terminate());
    const ws = await accepted;
    await new Promise<void>((resolve) =>
      client.readyState === client.OPEN ? resolve() : client.once('open', resolve),
    );
    const n = people++;
    const connection = new CollabConnection({
      ws,
      entryId: 'e1',
      auth: {
        sessionId: `s${n}`,
        user: { id: `u${n}`, email: `u${n}@example.nhs.uk`, name: `User ${n}` },
        organisation: { id: `o${n}`, name: `Org ${n}`, kind: 'nhs_trust' },
      },
      role: 'contributor',
      token: 'token',
      ip: '127.0.0.1',
      wantsAcks: true,
      wantsEvents: false,
      tuning: { ...DEFAULT_COLLAB_TUNING },
      logger: createLogger('error'),
    });
    // The writes the socket hands to libuv: one per `_write` or `_writev` call.
    const counter = { writes: 0 };
    const socket = (ws as unknown as { _socket: Socket })._socket as unknown as Record<
      '_write' | '_writev',
      (...args: unknown[]) => void
    >;
    for (const method of ['_write', '_writev'] as const) {
      const original = socket[method].bind(socket);
      socket[method] = (...args) => {
        counter.writes++;
        original(...args);
      };
    }
    const received: Buffer[] = [];
    client.on('message', (data: Buffer) => received.push(data));
    const receivedCount = (count: number) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          if (received.length >= count) resolve();
          else if (Date.now() - started > 5000) reject(new Error(`only ${received.length} of ${count} frames`));
          else setTimeout(poll, 5);
        };
        poll();
      });
    return { connection, counter, received, receivedCount };
  }

  it('frames sent between cork and uncork leave in one write, as separate frames in order', async () => {
    const { connection, counter, received, receivedCount } = await pair();
    const written: number[] = [];
    connection.cork();
    for (let i = 1; i <= 4; i++) connection.send(new Uint8Array([0, i, i]), () => written.push(i));
    expect(counter.writes).toBe(0);
    connection.uncork();
    await receivedCount(4);
    expect(received.map((b) => [...b])).toEqual([
      [0, 1, 1],
      [0, 2, 2],
      [0, 3, 3],
      [0, 4, 4],
    ]);
    expect(counter.writes).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([1, 2, 3, 4]);

    // Uncorked, a frame goes at once in a write of its own.
    connection.send(new Uint8Array([0, 9]));
    expect(counter.writes).toBe(2);
    await receivedCount(5);
  });

  it('a durable batch sends each receiver its updates and ack in one write, which a y-websocket client applies', async () => {
    const sender = await pair();
    const other = await pair();
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (const word of ['one', 'two', 'three']) source.getText('t').insert(source.getText('t').length, `${word} `);

    const batch = new PendingBatch();
    for (const update of updates) batch.addUnattributedUpdate(update);
    batch.ack(sender.connection, 7);
    batch.deliver(new Set([sender.connection, other.connection]));
    // Three updates to each (none is the sender's own here), and the sender's ack.
    await other.receivedCount(3);
    await sender.receivedCount(4);
    expect(other.counter.writes).toBe(1);
    expect(sender.counter.writes).toBe(1);

    // Each frame is the message an unmodified provider reads: sync/update, then `saved`.
    const doc = new Y.Doc();
    for (const frame of other.received) {
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
    }
    expect(doc.getText('t').toString()).toBe('one two three ');
    const ack = decoding.createDecoder(sender.received[3]!);
    expect(decoding.readVarUint(ack)).toBe(MessageType.saved);
    expect(decoding.readVarUint(ack)).toBe(7);
  });
});
