import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type HeldDocument, StaleHoldError } from './RoomManager.ts';
import { lastStoredUpdateId, lockEntryLog, readStoredDocument } from './storedDocumentReads.ts';

/**
 * What a caller of `withWritesHeld` that writes in its own transaction (the
 * submission, S-SUBMIT-2) needs of the held document, so that it never
 * reaches into the store's SQL or the room manager's errors: collab owns
 * both. In scaled mode another process may have stored updates the held
 * document lacks (C-SCALE-7); under the caller's locks it catches up, and the
 * caller decides whether what it checked still holds.
 */
export type HeldEntryDocument = {
  /**
   * Takes the entry's log lock in `trx` (the lock appends and compactions take). Call it FIRST,
   * before any row lock on the entry, as appends do: then a compaction on another process cannot
   * replace the snapshot and delete the updates it folded between the reads of catchUpUnderLock,
   * and the two orders cannot deadlock.
   */
  lockLog(trx: Kysely<Database>): Promise<void>;
  /**
   * In `trx`, which holds the log lock and the entry's row lock (so nothing more can be stored):
   * applies what the store holds beyond the document. True when it applied anything.
   */
  catchUpUnderLock(trx: Kysely<Database>): Promise<boolean>;
  /** Gives up this attempt: the hold is released, the room catches up from the store and the callback runs again. */
  retry(): never;
};

export function heldEntryDocument(entryId: string, held: HeldDocument): HeldEntryDocument {
  return {
    lockLog: (trx) => lockEntryLog(trx, entryId),
    async catchUpUnderLock(trx) {
      if ((await lastStoredUpdateId(trx, entryId)) <= held.lastUpdateId) return false;
      held.catchUp(await readStoredDocument(trx, entryId));
      return true;
    },
    retry() {
      throw new StaleHoldError(entryId);
    },
  };
}

/** True for what `retry()` throws when the last attempt still found the store ahead (the caller answers 409). */
export const isStaleHold = (err: unknown): boolean => err instanceof StaleHoldError;
