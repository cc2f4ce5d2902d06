import type {
  AcceptedInvitationDto,
  ActivityDto,
  ApprovalDiffDto,
  ApprovedSectionDto,
  ChangeRoleBody,
  CommentBody,
  CommentThreadDto,
  CreatedInvitationDto,
  CreateEntryBody,
  CreateInvitationBody,
  EndorsementDto,
  EntryDto,
  EntrySummaryDto,
  FileDto,
  FileUsageDto,
  InvitationDto,
  InvitationPreviewDto,
  LoginBody,
  MeDto,
  MemberDto,
  NewThreadBody,
  ProvenanceDto,
  ReissuedInvitationDto,
  ReopenedEntryDto,
  SavedSectionAssignmentDto,
  SectionAssignmentBody,
  SectionAssignmentDto,
  SectionCompareDto,
  SectionHistoryDto,
  SectionRestoreDto,
  SectionVersionDetailDto,
  SectionVersionDto,
  SignupBody,
  SubmissionDto,
  SubmitConditionsDto,
  SuggestionListDto,
} from '@jointly/shared';
import { ErrorCode } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import { ApiError, apiErrorFrom, networkError } from './ApiError.ts';
import { notifyTwoFactorEnrolmentRequired } from './twoFactorEnrolmentSignal.ts';

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

/** Tells the session context a request answered 401 (also used by uploads, which go through XMLHttpRequest). */
export function notifySessionExpired(): void {
  for (const listener of sessionExpiredListeners) listener();
}

type RequestOptions = {
  body?: unknown;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  /** A 401 here is an answer (wrong password, not signed in), not an expired session. */
  expect401?: boolean;
  signal?: AbortSignal;
};

/** One JSON request; the other API modules (notificationsApi.ts) build on it. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
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
    if (response.status === 401 && !options.expect401) notifySessionExpired();
    const error = apiErrorFrom(response.status, body);
    if (error.code === ErrorCode.twoFactorEnrolmentRequired) notifyTwoFactorEnrolmentRequired();
    throw error;
  }
  return body as T;
}

const segment = encodeURIComponent;

// Evidence files (issue 13); uploads are uploadEntryFile.ts (XMLHttpRequest, for upload progress)

/** Every file uploaded to the entry, with who uploaded it and when. */
export function listEntryFiles(entryId: string, signal?: AbortSignal): Promise<FileDto[]> {
  return request<FileDto[]>('GET', `/api/entries/${segment(entryId)}/files`, signal ? { signal } : {});
}

/** The entry's file quota and the per-file limit, so the page refuses a file too large before sending it. */
export function getFileUsage(entryId: string, signal?: AbortSignal): Promise<FileUsageDto> {
  return request<FileUsageDto>('GET', `/api/entries/${segment(entryId)}/files/usage`, signal ? { signal } : {});
}

/** Where a file's bytes are downloaded from (an attachment, never shown in the app's origin). */
export function entryFileUrl(entryId: string, fileId: string): string {
  return `/api/entries/${segment(entryId)}/files/${segment(fileId)}`;
}

/** The PNG of a file's first page (PDFs and images). */
export function entryFileThumbnailUrl(entryId: string, fileId: string): string {
  return `${entryFileUrl(entryId, fileId)}/thumbnail.png`;
}

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

/** The entry's pending suggestions with their authors as the server recorded them (issue 14 item 3). */
export function listSuggestions(entryId: string, signal?: AbortSignal): Promise<SuggestionListDto> {
  return request('GET', `/api/entries/${segment(entryId)}/suggestions`, signal ? { signal } : {});
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

/** A fresh link for a pending invitation (the old one stops working), e-mailed again when the server sends mail. */
export function reissueInvitation(entryId: string, invitationId: string): Promise<ReissuedInvitationDto> {
  return request<ReissuedInvitationDto>(
    'POST',
    `/api/entries/${segment(entryId)}/invitations/${segment(invitationId)}/reissue`,
  );
}

export function previewInvitation(token: string): Promise<InvitationPreviewDto> {
  return request<InvitationPreviewDto>('GET', `/api/invitations/${segment(token)}`, { expect401: true });
}

export function acceptInvitation(token: string): Promise<AcceptedInvitationDto> {
  return request<AcceptedInvitationDto>('POST', `/api/invitations/${segment(token)}/accept`);
}

// Review, sign-off and submission (server/SIGNOFF.md)

/** S-APPROVE-1: approves the section's content as the server has it now. */
export function approveSection(entryId: string, sectionId: string): Promise<ApprovedSectionDto> {
  return request<ApprovedSectionDto>('POST', `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/approve`);
}

/** S-APPROVE-3: what changed in a section since its latest approval. */
export function getApprovalDiff(entryId: string, sectionId: string, signal?: AbortSignal): Promise<ApprovalDiffDto> {
  return request<ApprovalDiffDto>(
    'GET',
    `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/approval-diff`,
    signal ? { signal } : {},
  );
}

/** S-ENDORSE-1: endorses the entry as it is now, for the organisation the lead joined with. */
export function endorseEntry(entryId: string): Promise<EndorsementDto> {
  return request<EndorsementDto>('POST', `/api/entries/${segment(entryId)}/endorse`);
}

/**
 * S-SUBMIT-1/4: submits the entry. `idempotencyKey` identifies the attempt: a retry with
 * the same key returns the submission it made instead of making another.
 */
export function submitEntry(entryId: string, idempotencyKey: string): Promise<SubmissionDto> {
  return request<SubmissionDto>('POST', `/api/entries/${segment(entryId)}/submit`, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** S-SUBMIT-7: the unmet submit conditions now, read without submitting. */
export function getSubmitConditions(entryId: string, signal?: AbortSignal): Promise<SubmitConditionsDto> {
  return request<SubmitConditionsDto>(
    'GET',
    `/api/entries/${segment(entryId)}/submit-conditions`,
    signal ? { signal } : {},
  );
}

/** S-REOPEN-1: sets a submitted entry back to draft. */
export function reopenEntry(entryId: string): Promise<ReopenedEntryDto> {
  return request<ReopenedEntryDto>('POST', `/api/entries/${segment(entryId)}/reopen`);
}

/** S-SUBMIT-6: every submitted version, as the server lists them. */
export function listSubmissions(entryId: string): Promise<SubmissionDto[]> {
  return request<SubmissionDto[]>('GET', `/api/entries/${segment(entryId)}/submissions`);
}

/** S-ACTIVITY-1: the entry's activity feed, newest first. */
export function listActivity(entryId: string): Promise<ActivityDto[]> {
  return request<ActivityDto[]>('GET', `/api/entries/${segment(entryId)}/activity`);
}

// Assignments and comments (PRODUCT §3 journey 6)

/** Every section's assignment (who, by when, due or overdue). */
export function listAssignments(entryId: string): Promise<SectionAssignmentDto[]> {
  return request<SectionAssignmentDto[]>('GET', `/api/entries/${segment(entryId)}/assignments`);
}

/** Replaces a section's assignment (leads); an empty list clears it. */
export function assignSection(
  entryId: string,
  sectionId: string,
  body: SectionAssignmentBody,
): Promise<SavedSectionAssignmentDto> {
  return request<SavedSectionAssignmentDto>(
    'PUT',
    `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/assignment`,
    { body },
  );
}

/** The comment threads on a section, each with its replies (oldest first). */
export function listComments(entryId: string, sectionId: string): Promise<CommentThreadDto[]> {
  return request<CommentThreadDto[]>('GET', `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/comments`);
}

/** Starts a comment thread on a section (leads and contributors), on selected words when it has an anchor; returns the thread. */
export function addComment(entryId: string, sectionId: string, body: NewThreadBody): Promise<CommentThreadDto> {
  return request<CommentThreadDto>('POST', `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/comments`, {
    body,
  });
}

/** Replies to a thread; returns the whole thread. */
export function replyToComment(entryId: string, threadId: string, body: CommentBody): Promise<CommentThreadDto> {
  return request<CommentThreadDto>('POST', `/api/entries/${segment(entryId)}/comments/${segment(threadId)}/replies`, {
    body,
  });
}

/** Resolves a thread (`resolved` true) or reopens it; returns the thread. */
export function setCommentResolved(entryId: string, threadId: string, resolved: boolean): Promise<CommentThreadDto> {
  return request<CommentThreadDto>(
    'POST',
    `/api/entries/${segment(entryId)}/comments/${segment(threadId)}/${resolved ? 'resolve' : 'unresolve'}`,
  );
}

// Draft history of a section (issue 14 item 4)

const historyPath = (entryId: string, sectionId: string) =>
  `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/history`;

/** The section's versions, newest first, and its content hash now. */
export function listSectionHistory(entryId: string, sectionId: string): Promise<SectionHistoryDto> {
  return request<SectionHistoryDto>('GET', historyPath(entryId, sectionId));
}

/** Names the section's text as it is now (any member). */
export function nameSectionVersion(entryId: string, sectionId: string, name: string): Promise<SectionVersionDto> {
  return request<SectionVersionDto>('POST', historyPath(entryId, sectionId), { body: { name } });
}

/** One version with its text and its content as a Yjs update (to restore). */
export function getSectionVersion(
  entryId: string,
  sectionId: string,
  versionId: string,
): Promise<SectionVersionDetailDto> {
  return request<SectionVersionDetailDto>('GET', `${historyPath(entryId, sectionId)}/${segment(versionId)}`);
}

/** The word-level difference from one version to another (`current`: the text now). */
export function compareSectionVersions(
  entryId: string,
  sectionId: string,
  from: string,
  to: string,
): Promise<SectionCompareDto> {
  const query = `from=${segment(from)}&to=${segment(to)}`;
  return request<SectionCompareDto>('GET', `${historyPath(entryId, sectionId)}/compare?${query}`);
}

/** Records a restore the editor has just written (the content of `from`). */
export function recordSectionRestore(entryId: string, sectionId: string, from: string): Promise<SectionRestoreDto> {
  return request<SectionRestoreDto>('POST', `${historyPath(entryId, sectionId)}/restores`, { body: { from } });
}

// Exports (plain links: same origin, the session cookie goes with them)

export type ExportKind = 'criteriaPdf' | 'criteriaDocx' | 'evidencePdf' | 'registerPdf' | 'registerCsv';

const EXPORT_PATHS: Record<ExportKind, string> = {
  criteriaPdf: 'export.pdf',
  criteriaDocx: 'export.docx',
  evidencePdf: 'export/evidence.pdf',
  registerPdf: 'export/register.pdf',
  registerCsv: 'export/register.csv',
};

/** The URL of an export of the entry now, or of a submitted version. */
export function exportUrl(entryId: string, kind: ExportKind, version?: number): string {
  const base = `/api/entries/${segment(entryId)}/${EXPORT_PATHS[kind]}`;
  return version === undefined ? base : `${base}?version=${version}`;
}
