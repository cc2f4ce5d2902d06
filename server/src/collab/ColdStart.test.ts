import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { ColdStart } from './ColdStart.ts';
import type { CollabConnection } from './CollabConnection.ts';
import { fakeConnection } from './testing/fakeConnection.ts';

const logger = createLogger('silent');
const connection = (): CollabConnection => fakeConnection('entry', { logger }).connection;
const turn = () => new Promise((resolve) => setImmediate(resolve));

function start(maxDeferMs = 1000) {
  const events: string[] = [];
  const cold = new ColdStart(Uint8Array.of(1, 2, 3), {
    load: (state) => events.push(`load ${state.length}`),
    loaded: () => events.push('loaded'),
    maxDeferMs,
  });
  return { cold, events };
}

describe('ColdStart (C-ROOM-1)', () => {
  it('keeps the bytes until every first reply is written out, then loads once, in the next turn', async () => {
    const { cold, events } = start();
    const a = connection();
    const b = connection();
    cold.joined(a);
    cold.joined(b);
    cold.whenLoaded(() => events.push('after load'));
    cold.answered(a);
    await turn();
    expect(events).toEqual([]);
    expect(cold.bytes).not.toBeNull();
    cold.left(b);
    await turn();
    expect(events).toEqual(['load 3', 'after load', 'loaded']);
    expect(cold.bytes).toBeNull();
    cold.ensureLoaded();
    expect(events).toHaveLength(3);
  });

  it('loads on the spot when something needs the document, and after the longest deferral anyway', async () => {
    const now = start();
    now.cold.joined(connection());
    now.cold.ensureLoaded();
    expect(now.events).toEqual(['load 3', 'loaded']);
    const slow = start(20);
    slow.cold.joined(connection());
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(slow.events).toEqual(['load 3', 'loaded']);
    // Once loaded, work runs at once.
    slow.cold.whenLoaded(() => slow.events.push('now'));
    expect(slow.events.at(-1)).toBe('now');
  });

  it('stopped, it never loads', async () => {
    const { cold, events } = start(10);
    cold.stop();
    cold.ensureLoaded();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events).toEqual([]);
  });
});
