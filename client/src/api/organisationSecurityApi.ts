import type { AuditLogDto, MfaRequirementDto } from '@jointly/shared';
import { request } from './apiClient.ts';

// An organisation's security settings and audit log (issue 15), for its admins.

const base = (organisationId: string) => `/api/organisations/${encodeURIComponent(organisationId)}`;

export function getMfaRequirement(organisationId: string, signal?: AbortSignal): Promise<MfaRequirementDto> {
  return request<MfaRequirementDto>('GET', `${base(organisationId)}/mfa-requirement`, signal ? { signal } : {});
}

export function setMfaRequirement(organisationId: string, required: boolean): Promise<MfaRequirementDto> {
  return request<MfaRequirementDto>('PUT', `${base(organisationId)}/mfa-requirement`, { body: { required } });
}

/** A page of the audit log, newest first; `before` is the previous page's `nextBefore`. */
export function getAuditLog(organisationId: string, before: string | null, signal?: AbortSignal): Promise<AuditLogDto> {
  const query = before ? `?before=${encodeURIComponent(before)}` : '';
  return request<AuditLogDto>('GET', `${base(organisationId)}/audit${query}`, signal ? { signal } : {});
}
