import { can, type EntryStatus, type Role } from '@jointly/shared';

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
