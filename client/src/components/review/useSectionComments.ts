import type { CommentBody, CommentThreadDto, NewThreadBody } from '@jointly/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { addComment, listComments, replyToComment, setCommentResolved } from '../../api/apiClient.ts';
import { useEntryEvents, useEntryEventsLive } from '../../collab/entryEvents.ts';
import { type Refreshed, useRefreshed } from '../../hooks/useRefreshed.ts';
import { problemText } from '../layout/ProblemMessage.tsx';

/** A section's comment threads and what can be done to them, shared by every view of them. */
export type SectionComments = {
  /** Every thread of the section, anchored to words or not. */
  threads: Refreshed<CommentThreadDto[]>;
  /** Reads the threads again. */
  refresh: () => void;
  /** The actions: each reads the threads again once it worked; a refusal is thrown to the caller. */
  add: (body: NewThreadBody) => Promise<CommentThreadDto>;
  reply: (threadId: string, body: CommentBody) => Promise<CommentThreadDto>;
  setResolved: (threadId: string, resolved: boolean) => Promise<void>;
};

type SectionCommentsOptions = {
  /** Called when the server says the entry was submitted meanwhile (409), so the page reads it again. */
  onEntryChanged?: (() => void) | undefined;
  /** Loads the threads (tests pass their own). */
  load?: (entryId: string, sectionId: string) => Promise<CommentThreadDto[]>;
};

/**
 * The section's threads, read once for the section's page, whichever of its views shows them
 * (the margin beside the words, the list under the section). Read again at once when the socket
 * says this section's comments changed (C-EVENT-2), when the socket opens again after being down
 * (events sent meanwhile are lost), and after each of the person's own actions.
 */
export function useSectionComments(
  entryId: string,
  sectionId: string,
  { onEntryChanged, load = listComments }: SectionCommentsOptions = {},
): SectionComments {
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  const threads = useRefreshed(() => load(entryId, sectionId), refreshKey);

  useEntryEvents(entryId, (event) => {
    if (event.kind === 'comments' && event.sectionId === sectionId) refresh();
  });
  const live = useEntryEventsLive(entryId);
  const liveBefore = useRef({ last: live, ever: live });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a socket reopened is the trigger.
  useEffect(() => {
    const before = liveBefore.current;
    if (live && !before.last && before.ever) refresh();
    liveBefore.current = { last: live, ever: before.ever || live };
  }, [live]);

  /** Runs an action, then reads the threads again; a refusal because the entry was submitted meanwhile reloads the entry. */
  async function act<T>(action: () => Promise<T>): Promise<T> {
    try {
      const result = await action();
      refresh();
      return result;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) onEntryChanged?.();
      throw error;
    }
  }

  return {
    threads,
    refresh,
    add: (body) => act(() => addComment(entryId, sectionId, body)),
    reply: (threadId, body) => act(() => replyToComment(entryId, threadId, body)),
    setResolved: (threadId, resolved) =>
      act(async () => {
        await setCommentResolved(entryId, threadId, resolved);
      }),
  };
}

/**
 * What one view of the threads tells the person after replying or resolving: its own status line
 * and problem message, so that the margin's and the list's do not repeat each other.
 */
export function useThreadActions(comments: SectionComments) {
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  /** Sends a reply and returns the thread as it is now; a refusal is thrown to the reply form. */
  const reply = async (thread: CommentThreadDto, body: CommentBody): Promise<CommentThreadDto> => {
    setAnnouncement('');
    const updated = await comments.reply(thread.id, body);
    setAnnouncement(`Reply added to ${thread.author.name}’s comment.`);
    return updated;
  };

  const setResolved = async (thread: CommentThreadDto, resolved: boolean): Promise<void> => {
    setAnnouncement('');
    setProblem(null);
    try {
      await comments.setResolved(thread.id, resolved);
      setAnnouncement(
        resolved ? `${thread.author.name}’s thread resolved.` : `${thread.author.name}’s thread reopened.`,
      );
    } catch (error) {
      setProblem(`The thread could not be ${resolved ? 'resolved' : 'reopened'}: ${problemText(error)}`);
    }
  };

  return { announcement, announce: setAnnouncement, problem, reply, setResolved };
}
