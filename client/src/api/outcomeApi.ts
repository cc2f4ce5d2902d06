import type {
  EntryOutcomeBody,
  EntryOutcomeDto,
  EntryOutcomeStateDto,
  PublicationBody,
  PublicationDto,
} from '@jointly/shared';
import { request } from './apiClient.ts';

// After submitting (issue 17 items 4 and 5): the outcome on the award's portal and "not for publication".

const segment = encodeURIComponent;

/** The entry's outcome (null until a lead records one) and whether it has a submitted version. */
export function getOutcome(entryId: string, signal?: AbortSignal): Promise<EntryOutcomeStateDto> {
  return request<EntryOutcomeStateDto>('GET', `/api/entries/${segment(entryId)}/outcome`, signal ? { signal } : {});
}

/** A lead records the outcome, replacing the last one. */
export function saveOutcome(entryId: string, body: EntryOutcomeBody): Promise<EntryOutcomeDto> {
  return request<EntryOutcomeDto>('PUT', `/api/entries/${segment(entryId)}/outcome`, { body });
}

/** A lead marks the entry not for publication (every export's footer says so), or clears it. */
export function savePublication(entryId: string, body: PublicationBody): Promise<PublicationDto> {
  return request<PublicationDto>('PUT', `/api/entries/${segment(entryId)}/publication`, { body });
}
