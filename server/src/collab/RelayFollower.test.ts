import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import type { StoredDocument } from './docStore.ts';
import { RelayFollower } from './RelayFollower.ts';

/** A follower whose document is a list of the update bytes applied (one byte each: their id). */
function follow(options: { held?: () => boolean; stored?: () => StoredDocument; heldUpTo?: number } = {}) {
  const applied: number[] = [];
  const reads: number[] = [];
  const follower = new RelayFollower(
    {
      entryId: 'entry',
      logger: createLogger('silent'),
      applyDurable: (snapshot, updates) => {
        if (snapshot) applied.push(-snapshot[0]!);
        for (const u of updates) applied.push(u[0]!);
        return true;
      },
      loadStored: async () => {
        reads.push(Date.now());
        return options.stored?.() ?? { snapshot: null, lastUpdateId: 0, updates: [] };
      },
      held: options.held ?? (() => false),
      gone: () => false,
      gapResyncMs: 20,
      bufferMaxBatches: 4,
    },
    options.heldUpTo ?? 0,
  );
  return { follower, applied, reads };
}

const batch = (previousUpdateId: number, ...ids: number[]) => ({
  previousUpdateId,
  lastUpdateId: ids.at(-1)!,
  updates: ids.map((id) => Uint8Array.of(id)),
});

describe('RelayFollower (C-SCALE-2)', () => {
  it('applies batches in log order, skips duplicates, and waits at a gap for the missing batch', () => {
    const { follower, applied } = follow();
    follower.onRemoteUpdates(batch(0, 1, 2));
    follower.onRemoteUpdates(batch(0, 1, 2)); // a duplicate (RELIABILITY K73)
    follower.onRemoteUpdates(batch(4, 5)); // past a gap: waits
    expect(applied).toEqual([1, 2]);
    follower.onRemoteUpdates(batch(2, 3, 4));
    expect(applied).toEqual([1, 2, 3, 4, 5]);
    expect(follower.heldUpTo).toBe(5);
    follower.stop();
  });

  it("counts the room's own commits as held, and never applies them again", () => {
    const { follower, applied } = follow();
    follower.noteDurable(0, { lastUpdateId: 3, updates: null });
    follower.onRemoteUpdates(batch(0, 1, 2, 3));
    follower.onRemoteUpdates(batch(3, 4));
    expect(applied).toEqual([4]);
    follower.stop();
  });

  it('re-reads the store when a gap stays open, and catches up from it', async () => {
    const stored: StoredDocument = {
      snapshot: Uint8Array.of(9),
      lastUpdateId: 3,
      updates: [
        { id: 4, data: Uint8Array.of(4) },
        { id: 5, data: Uint8Array.of(5) },
      ],
    } as StoredDocument;
    const { follower, applied, reads } = follow({ stored: () => stored });
    follower.onRemoteUpdates(batch(4, 5));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(applied).toEqual([-9, 4, 5]);
    expect(follower.heldUpTo).toBe(5);
    follower.stop();
  });

  it('C-HOLD-1: while writes are held nothing moves; the store is read once the hold ends', async () => {
    let held = true;
    const { follower, applied, reads } = follow({ held: () => held });
    follower.onRemoteUpdates(batch(0, 1));
    expect(applied).toEqual([]);
    held = false;
    follower.releaseDeferred();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reads).toHaveLength(1);
    follower.stop();
  });

  it('a buffer of batches past gaps beyond its bound is dropped for a re-read of the store', async () => {
    const { follower, reads } = follow();
    for (let i = 10; i < 20; i += 2) follower.onRemoteUpdates(batch(i, i + 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(reads.length).toBeGreaterThanOrEqual(1);
    follower.stop();
  });
});
