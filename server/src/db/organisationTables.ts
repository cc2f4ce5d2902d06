/**
 * Organisations and the people in them (with migration 0014's managed organisations, issue 15,
 * organisations/), kept beside schema.ts (which lists them in `Database`) so that file stays
 * within the size limit.
 */
import type { Generated } from 'kysely';

/** A person's standing in their organisation: pending until an admin, a verified domain or SSO confirms it. */
export type OrganisationStatus = 'confirmed' | 'pending' | 'declined';
/** An admin manages the organisation: members, identifiers, domains (organisations/). */
export type OrganisationRole = 'member' | 'admin';

export type OrganisationTable = {
  id: string;
  name: string;
  /** Lower-cased, whitespace-collapsed name: unique on its own since migration 0014 (whatever the kind). */
  name_key: string;
  kind: string;
  created_at: number;
  /** NHS ODS code (upper case), format-checked only. */
  ods_code: string | null;
  /** Companies House company number (upper case), format-checked only. */
  companies_house_number: string | null;
  /** Charity number (England and Wales, Scotland or Northern Ireland), format-checked only. */
  charity_number: string | null;
  /** 1: members must use two-factor sign-in (the audit/MFA work owns what this does). */
  require_mfa: Generated<number>;
};

export type UserTable = {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string;
  created_at: number;
  /** When the address was proven (a link sent to it, or an invitation to it accepted); null: unverified. */
  email_verified_at: number | null;
  /** Set when the account was deleted: the row stays, renamed, so its contributions stay attributed. */
  deleted_at: number | null;
  organisation_status: Generated<OrganisationStatus>;
  organisation_role: Generated<OrganisationRole>;
};

/** A verified e-mail domain of an organisation: a domain belongs to at most one. */
export type OrganisationDomainTable = {
  /** Lower case, no leading "@" (e.g. "acme.co.uk"). */
  domain: string;
  organisation_id: string;
  /** The admin who added it (their own verified address was on it). */
  added_by: string;
  created_at: number;
};
