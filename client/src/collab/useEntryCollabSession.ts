import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnectionState, ProbeResult } from './connectionState.ts';
import { EntryCollabSession, type LocalUser } from './EntryCollabSession.ts';

type Callbacks = {
  probe: () => Promise<ProbeResult>;
  onReconnected: () => void;
};

type SessionOptions = {
  /** Read when a session is created (see EntryCollabSessionOptions); later changes do not reopen it. */
  keepOfflineCopy: boolean;
  /** A new value closes the session and opens a fresh one (after this browser's copy was discarded). */
  generation: number;
};

const noSubscription = () => () => {};
const noState = () => null;

/**
 * Opens the entry's collaboration session for as long as the page shows the
 * entry (and `generation` stays the same). Callbacks are read through a ref,
 * so a new callback does not reopen the socket.
 */
export function useEntryCollabSession(
  entryId: string,
  user: LocalUser,
  callbacks: Callbacks,
  { keepOfflineCopy, generation }: SessionOptions,
): EntryCollabSession | null {
  const [session, setSession] = useState<EntryCollabSession | null>(null);
  const callbacksRef = useRef(callbacks);
  callbacksRef.current = callbacks;
  const userRef = useRef(user);
  userRef.current = user;
  const keepOfflineCopyRef = useRef(keepOfflineCopy);
  keepOfflineCopyRef.current = keepOfflineCopy;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation asks for a fresh session.
  useEffect(() => {
    const created = new EntryCollabSession({
      entryId,
      user: userRef.current,
      probe: () => callbacksRef.current.probe(),
      onReconnected: () => callbacksRef.current.onReconnected(),
      keepOfflineCopy: keepOfflineCopyRef.current,
    });
    setSession(created);
    return () => {
      void created.destroy();
      setSession(null);
    };
  }, [entryId, generation]);

  return session;
}

/** The session's full connection state; re-renders on every change (acks arrive per keystroke). */
export function useConnectionState(session: EntryCollabSession | null): ConnectionState | null {
  return useSyncExternalStore(session?.subscribe ?? noSubscription, session?.getState ?? noState);
}

/**
 * One derived value of the connection state, re-rendering only when it changes:
 * the entry page needs "may edit" and "loaded", not every acknowledgement.
 * The selector must return a primitive.
 */
export function useConnectionSelector<T extends string | number | boolean | null>(
  session: EntryCollabSession | null,
  selector: (state: ConnectionState | null) => T,
): T {
  return useSyncExternalStore(session?.subscribe ?? noSubscription, () => selector(session?.getState() ?? null));
}
