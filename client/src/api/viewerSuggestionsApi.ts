import type { EntrySettingsBody, EntrySettingsDto, SuggestChangeBody, SuggestedChangeDto } from '@jointly/shared';
import { request } from './apiClient.ts';

// A viewer may suggest (issue 14 item 3, C-SUGGEST-5): the lead's setting and the server-written suggestion.

const segment = encodeURIComponent;

/** A lead sets whether the entry's viewers may suggest changes. */
export function updateEntrySettings(entryId: string, body: EntrySettingsBody): Promise<EntrySettingsDto> {
  return request<EntrySettingsDto>('PATCH', `/api/entries/${segment(entryId)}/settings`, { body });
}

/** Asks the server to propose replacing the words between two positions of a section (empty text: removing them). */
export function suggestChange(
  entryId: string,
  sectionId: string,
  body: SuggestChangeBody,
): Promise<SuggestedChangeDto> {
  return request<SuggestedChangeDto>(
    'POST',
    `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/suggestions`,
    { body },
  );
}
