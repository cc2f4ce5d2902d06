import type { EntryStatus } from '@jointly/shared';
import { useEffect } from 'react';
import { hasUnsavedEdits } from '../../collab/connectionState.ts';
import type { EntryCollabSession } from '../../collab/EntryCollabSession.ts';
import { useConnectionSelector } from '../../collab/useEntryCollabSession.ts';

export const EDITS_LEFT_OUT =
  'This entry was submitted before your last changes were saved, so they are not part of it and were discarded. A lead can reopen the entry to add them.';

/**
 * Calls `discard` when the server says it dropped this page's unsaved edits because the entry is
 * no longer a draft (C-WRITE-6). They were made before the submission (on this page, or in this
 * browser's offline copy opened after it) and the server refuses them from then on (C-WRITE-1):
 * kept, they would stay "Saving…" for ever, shown on the page but in no submitted version, and
 * this browser's later writes (the finalist outline) would queue behind them. The server answers
 * a copy holding nothing it lacks with an ack instead, so a page that only looks unsaved (an ack
 * lost to the submission's close) is told it is saved and discards nothing. A person who may not
 * edit at all has their copy discarded by the role rule instead.
 */
export function useEditsLeftOutBySubmission(
  session: EntryCollabSession | null,
  status: EntryStatus,
  roleMayEdit: boolean,
  discard: () => void,
): void {
  const dropped = useConnectionSelector(session, (state) => state?.writesDropped === true && hasUnsavedEdits(state));
  useEffect(() => {
    if (dropped && roleMayEdit && status !== 'draft') discard();
  }, [dropped, roleMayEdit, status, discard]);
}
