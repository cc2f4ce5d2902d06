import type { EntryStatus } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { hasUnsavedEdits } from '../../collab/connectionState.ts';
import type { EntryCollabSession } from '../../collab/EntryCollabSession.ts';
import { useConnectionSelector } from '../../collab/useEntryCollabSession.ts';

/**
 * How long edits still unsaved when the page saw the submission may yet be acknowledged once it
 * is connected again: the submission closes every socket, so the reply to a write stored just
 * before it can arrive after the page has read the new status.
 */
export const LATE_ACK_MS = 3_000;

export const EDITS_LEFT_OUT =
  'This entry was submitted before your last changes were saved, so they are not part of it and were discarded. A lead can reopen the entry to add them.';

/**
 * Calls `discard` when the page saw its entry go from draft to submitted while it held edits the
 * server had not stored, and they stay unacknowledged for LATE_ACK_MS once connected. The server
 * refuses them from then on (C-WRITE-1): they would stay "Saving…" for ever, shown on the page but
 * in no submitted version, and this browser's later writes (the finalist outline) would queue
 * behind them. Only edits held when the submission is seen are stale: the outline opens after it.
 */
export function useEditsLeftOutBySubmission(
  session: EntryCollabSession | null,
  status: EntryStatus,
  discard: () => void,
): void {
  const statusSeen = useRef(status);
  const [suspect, setSuspect] = useState(false);
  useEffect(() => {
    const before = statusSeen.current;
    statusSeen.current = status;
    if (session && before === 'draft' && status !== 'draft' && hasUnsavedEdits(session.getState())) setSuspect(true);
  }, [session, status]);

  const unsaved = useConnectionSelector(session, (state) => state !== null && hasUnsavedEdits(state));
  const connected = useConnectionSelector(
    session,
    (state) => state !== null && state.phase === 'connected' && state.synced,
  );
  useEffect(() => {
    if (!suspect) return;
    if (!unsaved) {
      setSuspect(false); // acknowledged after all: it was stored before the submission
      return;
    }
    if (!connected) return;
    const timer = setTimeout(() => {
      setSuspect(false);
      discard();
    }, LATE_ACK_MS);
    return () => clearTimeout(timer);
  }, [suspect, unsaved, connected, discard]);
}
