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
  /** Endorse refused: the account's email address is not verified yet (409, issue 15). */
  emailUnverified: 'email_unverified',
  /** Endorse refused: the person is not yet confirmed as a member of their organisation (409, issue 15). */
  organisationUnconfirmed: 'organisation_unconfirmed',
  /** An organisation must keep at least one admin (409, issue 15). */
  lastOrganisationAdmin: 'last_organisation_admin',
  /** A public or shared mail domain (gmail.com, nhs.net, …) cannot verify an organisation (400, issue 15). */
  sharedMailDomain: 'shared_mail_domain',
  /** A domain is added only by an admin whose own verified address is on it (403, issue 15). */
  domainUnproven: 'domain_unproven',
  /** The domain already verifies another organisation (409, issue 15). */
  domainTaken: 'domain_taken',
  /** Decline refused: the person is already a confirmed member of the organisation (409). */
  memberNotPending: 'member_not_pending',
  /** Moving to another organisation refused: a confirmed member's organisation is changed by no one (409). */
  confirmedMemberCannotMove: 'confirmed_member_cannot_move',
  /** An e-mailed account link (reset, verification, email change) is unknown, used or expired (400). */
  linkInvalid: 'link_invalid',
  /** Sign-in: the password was right and the account has two-factor sign-in on: send a code next (401, issue 15). */
  secondFactorRequired: 'second_factor_required',
  /** The second step of a sign-in is unknown, used, expired or locked: sign in with the password again (401). */
  secondFactorExpired: 'second_factor_expired',
  /** Password sign-in refused: this email's domain must sign in with single sign-on (403, issue 15). */
  ssoRequired: 'sso_required',
  /** A two-factor code or recovery code is wrong, or was used already (400). */
  invalidCode: 'invalid_code',
  /** Two-factor sign-in is already on, or not on, for this account (409). */
  twoFactorState: 'two_factor_state',
  /**
   * The person's organisation requires two-factor sign-in and this password session has none yet:
   * only GET /api/me, the two-factor set-up routes and sign-out answer until it is set up (403, issue 15).
   */
  twoFactorEnrolmentRequired: 'two_factor_enrolment_required',
  /** Assignment refused: it names a viewer, who cannot write (409). */
  assigneeCannotWrite: 'assignee_cannot_write',
  /** Submit refused: `issues` lists every unmet condition (409). */
  submitConditionsUnmet: 'submit_conditions_unmet',
  /** The entry is submitted: reopen it before approving, endorsing or submitting again (409). */
  entrySubmitted: 'entry_submitted',
  /** Reopen refused: the entry is not submitted (409). */
  entryNotSubmitted: 'entry_not_submitted',
  /** An outcome needs a submitted version of the entry: submit it first (409, issue 17 item 4). */
  noSubmittedVersion: 'no_submitted_version',
  /** The finalist stage is open only while the entry's outcome is "finalist" (409, issue 17 item 4). */
  finalistStageClosed: 'finalist_stage_closed',
  /** Approve refused: the section has no words to approve (409). */
  sectionEmpty: 'section_empty',
  /** Approve refused: the section is over its word limit (409). */
  sectionOverWordLimit: 'section_over_word_limit',
  /** Approve refused: the section has pending suggestions to accept or reject first (409, issue 14). */
  sectionHasSuggestions: 'section_has_suggestions',
  /** Withdraw refused: the consent record was withdrawn already (409, issue 18). */
  consentWithdrawn: 'consent_withdrawn',
  /** Issue 18 item 2: this testimonial's personal data was erased already. */
  alreadyErased: 'already_erased',
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
