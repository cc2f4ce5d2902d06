import type { ActivityDto, EntryDto, SubmissionDto } from '@jointly/shared';
import { useEffect, useRef } from 'react';
import { listActivity, listSubmissions } from '../../api/apiClient.ts';
import { useEntryEvents, useEntryEventsLive } from '../../collab/entryEvents.ts';
import { SIGNOFF_REFRESH_MS } from '../../config.ts';
import { useAnnouncedChange } from '../../hooks/useAnnouncedChange.ts';
import { type Refreshed, useRefreshed } from '../../hooks/useRefreshed.ts';

export type EntryRefresh = {
  submissions: Refreshed<SubmissionDto[]>;
  activity: Refreshed<ActivityDto[]>;
  /** The highest version submitted, or null before the first submission (or before the list came). */
  latestSubmission: SubmissionDto | null;
  /** Said politely when the entry is submitted or reopened, whoever did it and in whichever browser. */
  statusAnnouncement: string;
};

/**
 * What keeps the workspace current beyond the live document: the entry read again as soon as the
 * socket says sign-off, members, assignments or status changed (C-EVENT-2), and the submitted
 * versions and activity read again with it. Stops asking once the connection stopped.
 */
export function useEntryRefresh(
  entry: EntryDto,
  reloadEntry: () => Promise<void>,
  connectionStopped: boolean,
): EntryRefresh {
  const submissions = useRefreshed(() => listSubmissions(entry.id), entry, !connectionStopped);
  const activity = useRefreshed(() => listActivity(entry.id), entry, !connectionStopped);
  const latestSubmission =
    submissions.data?.reduce<SubmissionDto | null>(
      (latest, s) => (latest === null || s.version > latest.version ? s : latest),
      null,
    ) ?? null;

  // Approvals, endorsements, members and assignments changed by others reach this page when it
  // reads the entry again: at once on the socket's event, on reconnecting (events sent while the
  // socket was down are lost, so useWorkspaceSession reads the entry then), and after our own actions.
  const reloadRef = useRef(reloadEntry);
  reloadRef.current = reloadEntry;
  useEntryEvents(entry.id, (event) => {
    if (event.kind !== 'comments' && !connectionStopped) void reloadRef.current().catch(() => undefined);
  });
  // Only while no socket is open (reconnecting, offline, stopped by a proxy that drops it) does
  // the page still poll, every SIGNOFF_REFRESH_MS: then no event can reach it.
  const live = useEntryEventsLive(entry.id);
  useEffect(() => {
    if (connectionStopped || live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reloadRef.current().catch(() => undefined);
    }, SIGNOFF_REFRESH_MS);
    return () => clearInterval(timer);
  }, [connectionStopped, live]);

  const statusAnnouncement = useAnnouncedChange(entry.status, (status) =>
    status === 'submitted'
      ? 'This entry has been submitted. It can no longer be changed.'
      : 'This entry has been reopened for editing.',
  );

  return { submissions, activity, latestSubmission, statusAnnouncement };
}
