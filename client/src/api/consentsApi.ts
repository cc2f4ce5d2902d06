import type { ConsentRecordDto, CreateConsentRecordBody, WithdrawConsentBody } from '@jointly/shared';
import { request } from './apiClient.ts';

// Consent records (issue 18 item 1): recorded in an entry, read through it, withdrawn for every entry using one.

const segment = encodeURIComponent;

export function createConsentRecord(entryId: string, body: CreateConsentRecordBody): Promise<ConsentRecordDto> {
  return request<ConsentRecordDto>('POST', `/api/entries/${segment(entryId)}/consents`, { body });
}

export function getConsentRecord(entryId: string, consentId: string): Promise<ConsentRecordDto> {
  return request<ConsentRecordDto>('GET', `/api/entries/${segment(entryId)}/consents/${segment(consentId)}`);
}

export function withdrawConsentRecord(
  entryId: string,
  consentId: string,
  body: WithdrawConsentBody,
): Promise<ConsentRecordDto> {
  return request<ConsentRecordDto>('POST', `/api/entries/${segment(entryId)}/consents/${segment(consentId)}/withdraw`, {
    body,
  });
}
