import type { CopyEntryBody, EntryDto } from '@jointly/shared';
import { request } from './apiClient.ts';

/** Copies an entry into another category or programme (issue 17 item 3); a lead of it only. */
export function copyEntry(entryId: string, body: CopyEntryBody): Promise<EntryDto> {
  return request<EntryDto>('POST', `/api/entries/${encodeURIComponent(entryId)}/copy`, { body });
}
