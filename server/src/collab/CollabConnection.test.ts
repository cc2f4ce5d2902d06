import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createLogger } from '../logger.ts';
import { CollabConnection } from './CollabConnection.ts';
import { DEFAULT_COLLAB_TUNING } from './collabTuning.ts';

/**
 * CollabConnection.send over a real ws socket on loopback: frames sent in one tick leave in one
 * write to the kernel (issue 16), each still a frame of its own, in order.
 */
describe('CollabConnection.send', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function pair(): Promise<{ connection: CollabConnection; socket: Socket; client: WebSocket }> {
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
    const connection = new CollabConnection({
      ws,
      entryId: 'e1',
      auth: {
        sessionId: 's1',
        user: { id: 'u1', email: 'u1@example.nhs.uk', name: 'User 1' },
        organisation: { id: 'o1', name: 'Org 1', kind: 'nhs_trust' },
      },
      role: 'contributor',
      token: 'token',
      ip: '127.0.0.1',
      wantsAcks: true,
      wantsEvents: false,
      tuning: { ...DEFAULT_COLLAB_TUNING },
      logger: createLogger('error'),
    });
    return { connection, socket: (ws as unknown as { _socket: Socket })._socket, client };
  }

  it('frames sent in one tick reach the kernel in one write, and arrive as separate frames in order', async () => {
    const { connection, socket, client } = await pair();
    // Count the writes the socket hands to libuv (one per `_write`/`_writev` call).
    let writes = 0;
    const raw = socket as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const write = raw._write.bind(socket);
    const writev = raw._writev.bind(socket);
    raw._write = (...args) => {
      writes++;
      write(...args);
    };
    raw._writev = (...args) => {
      writes++;
      writev(...args);
    };
    const received: number[][] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer) => {
        received.push([...data]);
        if (received.length === 4) resolve();
      }),
    );

    const written: number[] = [];
    for (let i = 1; i <= 4; i++) connection.send(new Uint8Array([0, i, i]), () => written.push(i));
    await all;

    expect(received).toEqual([
      [0, 1, 1],
      [0, 2, 2],
      [0, 3, 3],
      [0, 4, 4],
    ]);
    expect(writes).toBe(1);
    expect(written).toEqual([1, 2, 3, 4]);

    // The next tick's frames go in a write of their own: nothing waits for a later send.
    const next = new Promise<Buffer>((resolve) => client.once('message', resolve));
    connection.send(new Uint8Array([0, 9]));
    expect([...(await next)]).toEqual([0, 9]);
    expect(writes).toBe(2);
  });
});
