import { can, type EntryStatus, finalistStageOpens, type Role } from '@jointly/shared';

/**
 * The one predicate that decides whether a connection's document writes are
 * applied (C-WRITE-1, C-WRITE-2): the role must allow editing and the entry
 * must still be a draft (a submitted entry is read-only for everyone, PRODUCT
 * §3.7). Extend it here (e.g. section locks) and every write path follows.
 */
export function mayWrite(role: Role, status: EntryStatus | null): boolean {
  return can(role, 'edit') && entryAcceptsWrites(status);
}

/** Whether an entry in this status takes document writes at all (the store checks it again in each commit, C-SCALE-7). */
export function entryAcceptsWrites(status: string | null): boolean {
  return status === 'draft';
}

/** Where the sender may write now: the entry's document as a whole, and the finalist outline. */
export type WriteScope = { entry: boolean; outline: boolean };

/**
 * Where a connection may write (C-WRITE-1, C-WRITE-2, C-WRITE-5): the document as a whole while
 * `mayWrite`, and the finalist outline while the entry's finalist stage is open (its recorded
 * outcome is "finalist", as server/src/finalist/ decides), to leads and contributors whatever the
 * entry's status: the one place a submitted entry takes writes.
 */
export function writeScopeOf(role: Role, status: EntryStatus | null, finalistOpen: boolean): WriteScope {
  return { entry: mayWrite(role, status), outline: can(role, 'edit') && finalistOpen };
}

/**
 * C-SCALE-7, C-WRITE-5 in the store's commit: whether a batch may be stored for an entry in
 * `status` with the recorded outcome `outcome`. A batch the room marked outline-only is taken for
 * a submitted entry while its finalist stage is open; anything else only for a draft.
 */
export function batchAcceptedFor(status: string | null, outcome: string | null, outlineOnly: boolean): boolean {
  if (status === null || entryAcceptsWrites(status)) return true;
  return outlineOnly && status === 'submitted' && finalistStageOpens(outcome);
}
