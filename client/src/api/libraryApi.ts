import type { ConsentProblem, ItemCollection, LibraryItemDto } from '@jointly/shared';
import { request } from './apiClient.ts';

/** Your organisation's library of approved testimonials and evidence, with where each was used (issue 17 item 3). */
export function listLibrary(organisationId: string): Promise<LibraryItemDto[]> {
  return request<LibraryItemDto[]>('GET', `/api/organisations/${encodeURIComponent(organisationId)}/library`);
}

/** Puts an approved item of the entry in your organisation's library. */
export function putInLibrary(entryId: string, itemId: string): Promise<LibraryItemDto> {
  return request<LibraryItemDto>(
    'POST',
    `/api/entries/${encodeURIComponent(entryId)}/items/${encodeURIComponent(itemId)}/library`,
  );
}

export type LibraryItemAdded = { itemId: string; collection: ItemCollection; consentProblems: ConsentProblem[] };

/** Adds a library item to the entry; the answer says what its consent lacks for this use. */
export function addLibraryItem(entryId: string, libraryItemId: string): Promise<LibraryItemAdded> {
  return request<LibraryItemAdded>('POST', `/api/entries/${encodeURIComponent(entryId)}/library-items`, {
    body: { libraryItemId },
  });
}
