import type { EntryDeadlinesBody, EntryDeadlinesDto } from '@jointly/shared';
import { request } from './apiClient.ts';

// Deadlines and reminders (issue 17 item 2).

const segment = encodeURIComponent;

/** The entry's deadlines, reminders and countdown; `canEdit` for its leads. */
export function getDeadlines(entryId: string, signal?: AbortSignal): Promise<EntryDeadlinesDto> {
  return request<EntryDeadlinesDto>('GET', `/api/entries/${segment(entryId)}/deadlines`, signal ? { signal } : {});
}

/** A lead sets them; the server re-plans the reminders. */
export function saveDeadlines(entryId: string, body: EntryDeadlinesBody): Promise<EntryDeadlinesDto> {
  return request<EntryDeadlinesDto>('PUT', `/api/entries/${segment(entryId)}/deadlines`, { body });
}
