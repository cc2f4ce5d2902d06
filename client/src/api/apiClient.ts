import type {
  AcceptedInvitationDto,
  ChangeRoleBody,
  CreatedInvitationDto,
  CreateEntryBody,
  CreateInvitationBody,
  EntryDto,
  EntrySummaryDto,
  InvitationDto,
  InvitationPreviewDto,
  LoginBody,
  MeDto,
  MemberDto,
  ProvenanceDto,
  SignupBody,
} from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import { ApiError, apiErrorFrom, networkError } from './ApiError.ts';

/**
 * Every HTTP call the client makes, typed by the shared DTOs. Same origin:
 * the session cookie travels automatically and the browser adds Origin to
 * state-changing requests, which the server checks.
 */

type SessionExpiredListener = () => void;
const sessionExpiredListeners = new Set<SessionExpiredListener>();

/**
 * Called when a request made while signed in answers 401: the session expired
 * or was revoked elsewhere. The session context subscribes and shows sign-in.
 */
export function onSessionExpired(listener: SessionExpiredListener): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

type RequestOptions = {
  body?: unknown;
  /** A 401 here is an answer (wrong password, not signed in), not an expired session. */
  expect401?: boolean;
  signal?: AbortSignal;
};

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.expect401) {
      for (const listener of sessionExpiredListeners) listener();
    }
    throw apiErrorFrom(response.status, body);
  }
  return body as T;
}

const segment = encodeURIComponent;

// Session

/** The signed-in person, or null when signed out. */
export async function getMe(signal?: AbortSignal): Promise<MeDto | null> {
  try {
    return await request<MeDto>('GET', '/api/me', { expect401: true, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function signUp(body: SignupBody): Promise<MeDto> {
  return request<MeDto>('POST', '/api/auth/signup', { body, expect401: true });
}

export function signIn(body: LoginBody): Promise<MeDto> {
  return request<MeDto>('POST', '/api/auth/login', { body, expect401: true });
}

export function signOut(): Promise<void> {
  return request<void>('POST', '/api/auth/logout', { expect401: true });
}

// Categories and entries

export function listCategories(): Promise<CategoryTemplate[]> {
  return request<CategoryTemplate[]>('GET', '/api/categories');
}

export function listEntries(): Promise<EntrySummaryDto[]> {
  return request<EntrySummaryDto[]>('GET', '/api/entries');
}

export function createEntry(body: CreateEntryBody): Promise<EntryDto> {
  return request<EntryDto>('POST', '/api/entries', { body });
}

export function getEntry(entryId: string): Promise<EntryDto> {
  return request<EntryDto>('GET', `/api/entries/${segment(entryId)}`);
}

/** Who created, changed and wrote what in the entry, as the server recorded it (PRODUCT §5). */
export function getProvenance(entryId: string, signal?: AbortSignal): Promise<ProvenanceDto> {
  return request<ProvenanceDto>('GET', `/api/entries/${segment(entryId)}/provenance`, signal ? { signal } : {});
}

// Members

export function listMembers(entryId: string): Promise<MemberDto[]> {
  return request<MemberDto[]>('GET', `/api/entries/${segment(entryId)}/members`);
}

export function changeMemberRole(entryId: string, userId: string, body: ChangeRoleBody): Promise<MemberDto> {
  return request<MemberDto>('PATCH', `/api/entries/${segment(entryId)}/members/${segment(userId)}`, { body });
}

export function removeMember(entryId: string, userId: string): Promise<void> {
  return request<void>('DELETE', `/api/entries/${segment(entryId)}/members/${segment(userId)}`);
}

// Invitations

export function createInvitation(entryId: string, body: CreateInvitationBody): Promise<CreatedInvitationDto> {
  return request<CreatedInvitationDto>('POST', `/api/entries/${segment(entryId)}/invitations`, { body });
}

export function listInvitations(entryId: string): Promise<InvitationDto[]> {
  return request<InvitationDto[]>('GET', `/api/entries/${segment(entryId)}/invitations`);
}

export function revokeInvitation(entryId: string, invitationId: string): Promise<void> {
  return request<void>('DELETE', `/api/entries/${segment(entryId)}/invitations/${segment(invitationId)}`);
}

export function previewInvitation(token: string): Promise<InvitationPreviewDto> {
  return request<InvitationPreviewDto>('GET', `/api/invitations/${segment(token)}`, { expect401: true });
}

export function acceptInvitation(token: string): Promise<AcceptedInvitationDto> {
  return request<AcceptedInvitationDto>('POST', `/api/invitations/${segment(token)}/accept`);
}
