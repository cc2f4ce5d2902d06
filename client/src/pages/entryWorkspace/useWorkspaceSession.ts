import { CloseCode, can, type EntryDto, type MeDto, type ShortFieldRule } from '@jointly/shared';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { canEditWhile, hasUnsavedEdits } from '../../collab/connectionState.ts';
import type { EntryCollabSession, LocalUser } from '../../collab/EntryCollabSession.ts';
import { discardOfflineCopy } from '../../collab/offlineCopies.ts';
import type { Presence } from '../../collab/presenceFromAwareness.ts';
import { useCollabIdentity } from '../../collab/useCollabIdentity.ts';
import { type DiscardedPartText, useDiscardedText } from '../../collab/useDiscardedText.ts';
import { useConnectionSelector, useEntryCollabSession } from '../../collab/useEntryCollabSession.ts';
import { usePresence } from '../../collab/usePresence.ts';
import { ROLE_LABELS } from '../../format/roleLabels.ts';
import { useBeforeUnloadWarning } from '../../hooks/useBeforeUnloadWarning.ts';

export const EDITS_LEFT_OUT =
  'This entry was submitted before your last changes were saved, so they are not part of it and were discarded. A lead can reopen the entry to add them.';

const NO_SHORT_FIELDS: readonly ShortFieldRule[] = [];

export type WorkspaceSession = {
  user: LocalUser;
  session: EntryCollabSession | null;
  people: Presence[];
  /** Why this browser's copy was discarded, told until the person may edit again (or, after a submission, until they leave). */
  discardNotice: string | null;
  /** With the notice: the sections and short fields this browser's discarded copy held differently, to copy. */
  discardedText: DiscardedPartText[];
  /**
   * Throws this browser's copy away and starts again from the server's, saying why (or not), until
   * the person may edit again or, with 'leaving', until they leave the page.
   */
  resetLocalCopy: (notice: string | null, until?: 'mayEdit' | 'leaving') => Promise<void>;
  /** The document came from the server at least once: empty sections are really empty. */
  documentLoaded: boolean;
  /** The connection lets edits through now (not stopped, not refused). */
  connectionAllowsEditing: boolean;
  /** Connected, synced and everything saved: the server's provenance can include our latest changes. */
  upToDate: boolean;
  /** The connection stopped (signed out, access removed): the server would refuse to say anything more. */
  connectionStopped: boolean;
};

/**
 * The entry's collaboration session as the workspace uses it: opened for this person, kept in step
 * with their role, reset when this browser's copy has to go, and read as the few facts the page
 * shows (loaded, editable, up to date, stopped). Warns before leaving with unsaved edits.
 */
export function useWorkspaceSession(entry: EntryDto, me: MeDto, reloadEntry: () => Promise<void>): WorkspaceSession {
  const { user, probe } = useCollabIdentity(me, entry.id);

  // A viewer's browser keeps no copy of the document: it could only hold edits the server refuses.
  const roleMayEdit = can(entry.role, 'edit');
  // Bumped to open a fresh session from the server after this browser's copy was discarded.
  const [generation, setGeneration] = useState(0);
  const session = useEntryCollabSession(
    entry.id,
    user,
    {
      probe,
      // Roles may have changed while we were away (a role change closes the socket with 4100,
      // C-REVOKE-3); a 404 means we were removed.
      onReconnected: () => {
        reloadEntry().catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) session?.stop(CloseCode.accessRemoved);
        });
      },
    },
    { keepOfflineCopy: roleMayEdit, generation },
  );
  const people = usePresence(session);

  const documentLoaded = useConnectionSelector(session, (state) => state?.everSynced ?? false);
  const { capture: captureDiscarded, parts: discardedText } = useDiscardedText(
    session,
    documentLoaded,
    entry.sections,
    entry.shortFields ?? NO_SHORT_FIELDS,
  );

  // Why this browser's copy went: a role that may not edit (told until it may again), or a
  // submission that came before its edits were saved (told until the page is left).
  const [discarded, setDiscarded] = useState<{ text: string; until: 'mayEdit' | 'leaving' } | null>(null);

  // Throws away this browser's copy (the server refused it, or it holds edits the server will
  // never take) and starts again from what the server has, without reloading the page.
  const resetLocalCopy = useCallback(
    async (notice: string | null, until: 'mayEdit' | 'leaving' = 'mayEdit') => {
      if (session) captureDiscarded(session.doc);
      await session?.destroy();
      await discardOfflineCopy(entry.id).catch(() => undefined);
      setDiscarded(notice === null ? null : { text: notice, until });
      setGeneration((current) => current + 1);
    },
    [session, entry.id, captureDiscarded],
  );

  const unsaved = useConnectionSelector(session, (state) => state !== null && hasUnsavedEdits(state));
  // The server dropped a write of this socket while edits are unsaved: they will never be stored
  // (C-WRITE-6). It acks a copy holding nothing it lacks instead, so an edit stored just before a
  // role change or a submission (its ack lost to the close) is not mistaken for a lost one.
  const dropped = useConnectionSelector(session, (state) => state?.writesDropped === true && hasUnsavedEdits(state));

  // The page follows the role it last read: promoted, it keeps a copy again (the editors become
  // editable); made viewer, its copy goes once the server has judged what it held unsaved: with it,
  // if the server refuses it (C-WRITE-1), since it would stay "Saving…" for ever (C-ACK-3).
  useEffect(() => {
    if (!session) return;
    if (roleMayEdit) {
      session.startKeepingOfflineCopy();
      setDiscarded((current) => (current?.until === 'mayEdit' ? null : current));
      return;
    }
    if (!session.keepsOfflineCopy) return;
    if (dropped) {
      void resetLocalCopy(
        `Your role is now ${ROLE_LABELS[entry.role].toLowerCase()}: changes not yet saved were discarded.`,
      );
    } else if (!unsaved) {
      void session.stopKeepingOfflineCopy().catch(() => undefined);
    }
  }, [session, roleMayEdit, entry.role, resetLocalCopy, unsaved, dropped]);

  // Edits made before a submission, on this page or in this browser's copy opened after it, are
  // refused from then on (C-WRITE-1): kept, they would show under "Saving…" for ever, in no
  // submitted version, and later writes (the finalist outline) would queue behind them.
  useEffect(() => {
    if (dropped && roleMayEdit && entry.status !== 'draft') void resetLocalCopy(EDITS_LEFT_OUT, 'leaving');
  }, [dropped, roleMayEdit, entry.status, resetLocalCopy]);

  const connectionAllowsEditing = useConnectionSelector(session, (state) => state !== null && canEditWhile(state));
  useBeforeUnloadWarning(unsaved);
  const upToDate = useConnectionSelector(
    session,
    (state) => state !== null && state.phase === 'connected' && state.synced && !hasUnsavedEdits(state),
  );
  const connectionStopped = useConnectionSelector(session, (state) => state?.phase === 'stopped');

  return {
    user,
    session,
    people,
    discardNotice: discarded?.text ?? null,
    discardedText: discarded ? discardedText : [],
    resetLocalCopy,
    documentLoaded,
    connectionAllowsEditing,
    upToDate,
    connectionStopped,
  };
}
