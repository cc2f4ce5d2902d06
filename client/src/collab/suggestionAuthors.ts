import type { SuggestionDto } from '@jointly/shared';
import { useEffect, useSyncExternalStore } from 'react';
import { listSuggestions } from '../api/apiClient.ts';

/**
 * Who made each suggestion, as the server recorded it (C-SUGGEST-1): read once
 * per entry for every section on the page, and again when the document shows
 * an id this page has no author for. The server records the author in the
 * transaction that stores the mark and relays the mark only after that commit
 * (C-PERSIST-2), so another person's suggestion always has its author by the
 * time it arrives; our own may be asked for before its commit, so a missing
 * author is asked for again a few times. The document is the invalidation: no
 * socket event is needed for a new suggestion.
 */
export type SuggestionAuthor = SuggestionDto['author'];

type Store = {
  authors: Map<string, SuggestionAuthor>;
  version: number;
  listeners: Set<() => void>;
  inFlight: Promise<void> | null;
  /** Ids asked about that had no author yet, with how many times. */
  misses: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | null;
  users: number;
};

const stores = new Map<string, Store>();
const RETRY_MS = [300, 1000, 3000];

export const suggestionKey = (kind: string, id: string) => `${kind}:${id}`;

function storeOf(entryId: string): Store {
  let store = stores.get(entryId);
  if (!store) {
    const created: Store = {
      authors: new Map(),
      version: 0,
      listeners: new Set(),
      inFlight: null,
      misses: new Map(),
      timer: null,
      users: 0,
    };
    stores.set(entryId, created);
    store = created;
  }
  return store;
}

function refresh(entryId: string): Promise<void> {
  const store = storeOf(entryId);
  if (store.inFlight) return store.inFlight;
  store.inFlight = listSuggestions(entryId)
    .then(({ suggestions }) => {
      for (const s of suggestions) store.authors.set(suggestionKey(s.kind, s.id), s.author);
      store.version++;
      for (const listener of [...store.listeners]) listener();
    })
    .catch(() => undefined)
    .finally(() => {
      store.inFlight = null;
    });
  return store.inFlight;
}

/** Asks the server again for ids whose author this page does not know, backing off. */
function askFor(entryId: string, keys: readonly string[]): void {
  const store = storeOf(entryId);
  const unknown = keys.filter((key) => !store.authors.get(key));
  if (unknown.length === 0 || store.timer) return;
  const attempt = Math.max(0, ...unknown.map((key) => store.misses.get(key) ?? 0));
  if (attempt >= RETRY_MS.length) return;
  for (const key of unknown) store.misses.set(key, (store.misses.get(key) ?? 0) + 1);
  store.timer = setTimeout(() => {
    store.timer = null;
    void refresh(entryId).then(() => askFor(entryId, keys));
  }, RETRY_MS[attempt]);
}

/** The authors known for the entry's suggestions (by suggestionKey), asking for `keys` not yet known. */
export function useSuggestionAuthors(entryId: string, keys: readonly string[]): ReadonlyMap<string, SuggestionAuthor> {
  const store = storeOf(entryId);
  useSyncExternalStore(
    (listener) => {
      store.listeners.add(listener);
      return () => store.listeners.delete(listener);
    },
    () => store.version,
  );
  useEffect(() => {
    const current = storeOf(entryId);
    current.users++;
    if (current.version === 0) void refresh(entryId);
    return () => {
      current.users--;
      if (current.users === 0) {
        if (current.timer) clearTimeout(current.timer);
        stores.delete(entryId);
      }
    };
  }, [entryId]);
  const joined = keys.join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `joined` stands for `keys`.
  useEffect(() => {
    if (joined !== '') askFor(entryId, joined.split(' '));
  }, [entryId, joined, store.version]);
  return store.authors;
}
