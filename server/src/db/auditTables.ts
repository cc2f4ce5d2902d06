import type { Generated } from 'kysely';

/**
 * The organisation audit log (issue 15, audit/), kept beside schema.ts (which lists it in
 * `Database`) so that file stays within the size limit. Rows are only ever inserted.
 */
export type AuditLogTable = {
  /** Increasing: the log reads newest first by it, and it is the page cursor. */
  id: Generated<number>;
  /** The organisation whose admins read it: an account's organisation at the time, for account actions. */
  organisation_id: string;
  /** Null: the system, or nobody signed in (a reset asked for by address). */
  actor_id: string | null;
  subject_user_id: string | null;
  /** An AuditAction (packages/shared auditLog.ts). */
  action: string;
  /** JSON of a flat object, bounded by audit/auditLog.ts. */
  detail: string;
  ip: string | null;
  created_at: number;
};
