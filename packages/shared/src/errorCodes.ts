/**
 * Stable error codes of the JSON error envelope `{error: {code, message}}`.
 * Each code always travels with the same HTTP status.
 */
export const ErrorCode = {
  badRequest: 'bad_request',
  validation: 'validation_failed',
  unsupportedMediaType: 'unsupported_media_type',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  forbidden: 'forbidden',
  crossOrigin: 'cross_origin_request',
  notFound: 'not_found',
  conflict: 'conflict',
  emailTaken: 'email_taken',
  invitationUsed: 'invitation_used',
  invitationExpired: 'invitation_expired',
  invitationRevoked: 'invitation_revoked',
  invitationEmailMismatch: 'invitation_email_mismatch',
  alreadyMember: 'already_member',
  lastLead: 'last_lead',
  /** Assignment refused: it names a viewer, who cannot write (409). */
  assigneeCannotWrite: 'assignee_cannot_write',
  /** Submit refused: `issues` lists every unmet condition (409). */
  submitConditionsUnmet: 'submit_conditions_unmet',
  /** The entry is submitted: reopen it before approving, endorsing or submitting again (409). */
  entrySubmitted: 'entry_submitted',
  /** Reopen refused: the entry is not submitted (409). */
  entryNotSubmitted: 'entry_not_submitted',
  /** Approve refused: the section has no words to approve (409). */
  sectionEmpty: 'section_empty',
  /** Approve refused: the section is over its word limit (409). */
  sectionOverWordLimit: 'section_over_word_limit',
  payloadTooLarge: 'payload_too_large',
  /** Upload refused: over the per-entry storage quota (413; the message says how much is left). */
  entryQuotaExceeded: 'entry_quota_exceeded',
  /** Upload refused for what its bytes are (malformed, a bomb, malware, …): the message says why (422). */
  fileRejected: 'file_rejected',
  tooManyRequests: 'too_many_requests',
  /** Too many entries, comments, invitations or emails in a short time (429 with Retry-After). */
  rateLimited: 'rate_limited',
  unavailable: 'service_unavailable',
  internal: 'internal_error',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export type ErrorBody = {
  error: {
    code: ErrorCodeValue;
    message: string;
    /** Field-level problems for validation errors. */
    issues?: { path: string; message: string }[];
  };
};
