import { z } from 'zod';

/**
 * The organisation audit log (issue 15): every account and organisation action, kept append-only
 * for the organisation's admins (`GET /api/organisations/:id/audit`). Account actions are recorded
 * against the account's organisation at the time. Not the per-entry activity feed (ActivityKind).
 */
export const AUDIT_ACTIONS = [
  // Accounts
  'account.signed_up',
  /** detail.method: 'password', 'two_factor' (password and a code or recovery code) or 'sso'. */
  'account.signed_in',
  /** A wrong password or code for an existing account (detail.stage); a bounded number per account an hour. */
  'account.sign_in_failed',
  'account.signed_out',
  'account.name_changed',
  'account.password_changed',
  'account.password_reset_requested',
  'account.password_reset_completed',
  'account.email_change_requested',
  'account.email_change_confirmed',
  'account.email_verified',
  'account.two_factor_enabled',
  'account.two_factor_disabled',
  'account.recovery_code_used',
  'account.recovery_codes_regenerated',
  /** One signed-in device signed out from the account page. */
  'account.session_signed_out',
  'account.other_sessions_signed_out',
  'account.deleted',
  /** An existing account linked to a single sign-on identity. */
  'account.sso_linked',
  /** The person downloaded everything Jointly holds about them (subject access, issue 18 item 6). */
  'account.data_exported',
  // Organisations
  'organisation.created',
  'organisation.member_joined',
  'organisation.member_confirmed',
  /** An admin declined a pending member (they are not one of the organisation's people). */
  'organisation.member_declined',
  /** A pending or declined person moved themselves to another organisation. */
  'organisation.member_left',
  'organisation.member_role_changed',
  'organisation.domain_added',
  'organisation.domain_removed',
  'organisation.details_changed',
  'organisation.mfa_requirement_changed',
  // Entries
  /** A lead erased a person's personal data from an entry (issue 18 item 2; detail: entryId, itemId). */
  'entry.personal_data_erased',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** What a record says beyond who and what: flat, small values only (the server bounds them). */
export type AuditDetailValue = string | number | boolean | null;
export type AuditDetail = Readonly<Record<string, AuditDetailValue>>;

/** A person named in a record; a deleted account reads "Former member of <organisation>". */
export type AuditPersonDto = { id: string; name: string };

export type AuditEntryDto = {
  /** Also the cursor: pass the last one's id as `before` for older records. */
  id: string;
  /** ISO 8601 UTC. */
  at: string;
  action: AuditAction;
  /** Null when the system did it, or nobody signed in did (a password reset asked for by address). */
  actor: AuditPersonDto | null;
  /** The account the action was about, when it is an account (may be the actor). */
  subject: AuditPersonDto | null;
  detail: AuditDetail;
  /** The address the request came from, as the server saw it (a proxy's, behind one). */
  ip: string | null;
};

/** GET /api/organisations/:id/audit: newest first; `nextBefore` null when there is nothing older. */
export type AuditLogDto = { entries: AuditEntryDto[]; nextBefore: string | null };

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** The query of GET /api/organisations/:id/audit. */
export const auditLogQuery = z.strictObject({
  before: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'before must be a record id')
    .optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'limit must be at least 1')
    .max(AUDIT_PAGE_MAX, `limit must be at most ${AUDIT_PAGE_MAX}`)
    .optional(),
});
export type AuditLogQuery = z.input<typeof auditLogQuery>;
