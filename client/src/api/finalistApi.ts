import type { FinalistStageBody, FinalistStageDto, RehearsalNoteBody, RehearsalNoteDto } from '@jointly/shared';
import { request } from './apiClient.ts';

// The finalist stage (issue 17 item 4): presenters, time limit and rehearsal notes.

const segment = encodeURIComponent;

export function getFinalistStage(entryId: string): Promise<FinalistStageDto> {
  return request<FinalistStageDto>('GET', `/api/entries/${segment(entryId)}/finalist`);
}

/** A lead sets the time limit, the pace and the presenters, replacing the last. */
export function saveFinalistStage(entryId: string, body: FinalistStageBody): Promise<FinalistStageDto> {
  return request<FinalistStageDto>('PUT', `/api/entries/${segment(entryId)}/finalist`, { body });
}

/** A lead or contributor adds a dated rehearsal note. */
export function addRehearsalNote(entryId: string, body: RehearsalNoteBody): Promise<RehearsalNoteDto> {
  return request<RehearsalNoteDto>('POST', `/api/entries/${segment(entryId)}/finalist/notes`, { body });
}
