import { ENTRY_EVENT_KINDS, type EntryEvent } from '@jointly/shared';
import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The socket's `event` messages (server/COLLAB_PROTOCOL.md C-EVENT-1 … 4), handed from the entry's
 * collaboration session to whatever on the page shows that data. A small registry keyed by entry
 * rather than props: the comments of a section sit far below the session in the tree.
 */
type Listener = (event: EntryEvent) => void;

const listeners = new Map<string, Set<Listener>>();
/** Entries whose socket is open now: events reach them, so the pages need not poll. */
const liveEntries = new Set<string>();
const liveWatchers = new Set<() => void>();

/** The event in a message's JSON, or null for anything this page does not know (a newer server). */
export function parseEntryEvent(json: string): EntryEvent | null {
  try {
    const value = JSON.parse(json) as { kind?: unknown; sectionId?: unknown };
    if (!ENTRY_EVENT_KINDS.includes(value.kind as EntryEvent['kind'])) return null;
    const kind = value.kind as EntryEvent['kind'];
    return typeof value.sectionId === 'string' ? { kind, sectionId: value.sectionId } : { kind };
  } catch {
    return null;
  }
}

export function publishEntryEvent(entryId: string, event: EntryEvent): void {
  for (const listener of [...(listeners.get(entryId) ?? [])]) listener(event);
}

/** Set by the session when its socket opens (true) and closes or is destroyed (false). */
export function setEntryEventsLive(entryId: string, live: boolean): void {
  if (liveEntries.has(entryId) === live) return;
  if (live) liveEntries.add(entryId);
  else liveEntries.delete(entryId);
  for (const watcher of [...liveWatchers]) watcher();
}

export function subscribeEntryEvents(entryId: string, listener: Listener): () => void {
  let set = listeners.get(entryId);
  if (!set) {
    set = new Set();
    listeners.set(entryId, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(entryId);
  };
}

/** Calls `listener` (the latest one passed) for every event of the entry while mounted. */
export function useEntryEvents(entryId: string, listener: Listener): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => subscribeEntryEvents(entryId, (event) => ref.current(event)), [entryId]);
}

const watchLive = (watcher: () => void) => {
  liveWatchers.add(watcher);
  return () => {
    liveWatchers.delete(watcher);
  };
};

/** Whether events reach the page now; while false the page falls back to polling. */
export function useEntryEventsLive(entryId: string): boolean {
  return useSyncExternalStore(watchLive, () => liveEntries.has(entryId));
}

/**
 * Calls `onResumed` (the latest one passed) each time events start reaching the page again after
 * a gap: an event sent while the socket reconnected (as it does on every submission) is lost, so
 * what it would have said is read again. Not when events stop: a page whose access was removed
 * would only be told 404.
 */
export function useEntryEventsResumed(entryId: string, onResumed: () => void): void {
  const live = useEntryEventsLive(entryId);
  const callback = useRef(onResumed);
  callback.current = onResumed;
  const wasLive = useRef(live);
  useEffect(() => {
    if (live && !wasLive.current) callback.current();
    wasLive.current = live;
  }, [live]);
}
