import { MessageType } from '@jointly/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import type { CollabConnection } from './CollabConnection.ts';
import { DEFAULT_COLLAB_TUNING } from './collabTuning.ts';
import { RoomAwareness } from './RoomAwareness.ts';
import { fakeConnection } from './testing/fakeConnection.ts';

const logger = createLogger('silent');

/** An awareness update of one state, as y-protocols encodes it. */
function stateUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

function setUp(writers: Map<number, string> = new Map(), published: Uint8Array[] = []) {
  const connections = new Set<CollabConnection>();
  const presence = new RoomAwareness({
    entryId: 'entry',
    doc: new Y.Doc(),
    tuning: { ...DEFAULT_COLLAB_TUNING, awarenessMinIntervalMs: 30 },
    logger,
    connections,
    writerOf: (clientId) => writers.get(clientId),
    publish: (update) => published.push(update),
  });
  const join = (userId?: string) => {
    const joined = fakeConnection('entry', { logger, userId });
    connections.add(joined.connection);
    return joined;
  };
  return { presence, join, connections, published };
}

describe('RoomAwareness', () => {
  it('C-AW-1, C-AW-3, C-AW-8: a connection speaks for its first id, stamped; everyone hears it; others are told on', () => {
    const { presence, join, published } = setUp();
    const alice = join();
    const bob = join();
    presence.receive(alice.connection, stateUpdate(11, 1, { section: 'intro', user: { name: 'Forged' } }));
    const state = presence.awareness.getStates().get(11) as { user: { id: string; name: string } };
    expect(state.user.id).toBe(alice.connection.userId);
    expect(state.user.name).not.toBe('Forged');
    expect(presence.ownerOf(11)).toBe(alice.connection.userId);
    for (const socket of [alice.socket, bob.socket]) expect(socket.of(MessageType.awareness)).toHaveLength(1);
    expect(published).toHaveLength(1);
    // Bob cannot speak for Alice's id, nor kick her out with a null state (C-AW-2).
    presence.receive(bob.connection, stateUpdate(11, 2, null));
    expect(presence.awareness.getStates().has(11)).toBe(true);
  });

  it('C-SYNC-9: an id someone else wrote under, or announced, is not claimed by another person', () => {
    const { presence, join } = setUp(new Map([[21, 'someone-else']]));
    const mallory = join();
    presence.receive(mallory.connection, stateUpdate(21, 1, { section: 'intro' }));
    expect(presence.awareness.getStates().has(21)).toBe(false);
    const alice = join();
    presence.receive(alice.connection, stateUpdate(22, 1, {}));
    presence.receive(mallory.connection, stateUpdate(22, 2, {}));
    expect(presence.ownerOf(22)).toBe(alice.connection.userId);
    // A new tab of the same person may take its own id over.
    const aliceAgain = join(alice.connection.userId);
    presence.receive(aliceAgain.connection, stateUpdate(22, 3, { section: 'b' }));
    expect((presence.awareness.getStates().get(22) as { section: string }).section).toBe('b');
  });

  it('C-AW-5, C-AW-6: a flood is coalesced to its last state; leaving withdraws the state', async () => {
    const { presence, join } = setUp();
    const alice = join();
    const watcher = join();
    for (let i = 1; i <= 20; i++) presence.receive(alice.connection, stateUpdate(31, i, { section: `s${i}` }));
    expect(watcher.socket.of(MessageType.awareness).length).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((presence.awareness.getStates().get(31) as { section: string }).section).toBe('s20');
    presence.leave(alice.connection);
    expect(presence.awareness.getStates().has(31)).toBe(false);
    expect(presence.ownerOf(31)).toBeUndefined();
  });
});
