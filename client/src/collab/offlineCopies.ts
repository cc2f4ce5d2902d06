import { OFFLINE_ENTRIES_STORAGE_KEY, OFFLINE_OWNER_STORAGE_KEY, offlineStoreName } from '../config.ts';
import { forgetOfflineCopyKey } from './offlineCopyKey.ts';

/**
 * Which entries this browser keeps offline copies of (IndexedDB, via
 * y-indexeddb), and for whom. A copy holds its author's Yjs client ids: sent
 * under another account, the server refuses it (CloseCode.forgedClientId). So
 * copies are dropped on sign-out and when a different person signs in. Each copy is sealed with its
 * session's key (SealedOfflineStore.ts), so one left behind by a session that ended cannot be read.
 */

function readEntryIds(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(OFFLINE_ENTRIES_STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writeEntryIds(ids: string[]): void {
  try {
    localStorage.setItem(OFFLINE_ENTRIES_STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // Storage full or disabled: offline copies still work, they are just not cleaned up.
  }
}

/**
 * Deletes one IndexedDB copy. Pages holding it open close it when asked (SealedOfflineStore), so
 * the deletion does not wait for them; it settles either way.
 */
function clearDocument(name: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}

/** Records that this browser now keeps an offline copy of the entry. */
export function rememberOfflineCopy(entryId: string): void {
  const ids = readEntryIds();
  if (!ids.includes(entryId)) writeEntryIds([...ids, entryId]);
}

/** Whether this browser may hold an offline copy of the entry. */
export function isOfflineCopyKept(entryId: string): boolean {
  return readEntryIds().includes(entryId);
}

/** Deletes one entry's offline copy. */
export async function discardOfflineCopy(entryId: string): Promise<void> {
  await clearDocument(offlineStoreName(entryId));
  writeEntryIds(readEntryIds().filter((id) => id !== entryId));
}

/** Deletes every offline copy this browser keeps. */
export async function discardAllOfflineCopies(): Promise<void> {
  forgetOfflineCopyKey();
  const ids = readEntryIds();
  await Promise.allSettled(ids.map((id) => clearDocument(offlineStoreName(id))));
  writeEntryIds([]);
}

/**
 * Called when someone is signed in: if the copies belong to another person,
 * they are dropped before any of them can be opened under this account.
 */
export async function claimOfflineCopiesFor(userId: string): Promise<void> {
  // A sign-in is a new session, with a new key: the one this page held is of no use to it.
  forgetOfflineCopyKey();
  let owner: string | null = null;
  try {
    owner = localStorage.getItem(OFFLINE_OWNER_STORAGE_KEY);
  } catch {
    return;
  }
  if (owner === userId) return;
  if (owner !== null) await discardAllOfflineCopies();
  try {
    localStorage.setItem(OFFLINE_OWNER_STORAGE_KEY, userId);
  } catch {
    // See writeEntryIds.
  }
}
