import { z } from 'zod';
import type { EntryStatus } from './apiTypes.ts';
import type { OrganisationKind } from './organisationKinds.ts';
import type { Role } from './roles.ts';
import { safeSingleLine } from './safeText.ts';

/**
 * Managed organisations (issue 15). A person belongs to one organisation, as `confirmed` (its
 * admin confirmed them, their verified address is on one of its verified domains, single sign-on
 * vouched for them, or they created it), `pending`, or `declined` (an admin said they are not one
 * of theirs); only a confirmed member can endorse for it. A pending or declined person may move to
 * another organisation themselves. Identifiers are checked for their format only: nothing here can
 * reach the registries.
 */
export const ORGANISATION_MEMBER_STATUSES = ['confirmed', 'pending', 'declined'] as const;
export type OrganisationMemberStatus = (typeof ORGANISATION_MEMBER_STATUSES)[number];
export const ORGANISATION_MEMBER_ROLES = ['member', 'admin'] as const;
export type OrganisationMemberRole = (typeof ORGANISATION_MEMBER_ROLES)[number];

/** Search text of the sign-up picker: at least this many characters, at most this many results. */
export const ORGANISATION_SEARCH_MIN_CHARS = 2;
export const ORGANISATION_SEARCH_MAX_RESULTS = 20;

export const organisationSearchQuery = z.strictObject({
  query: safeSingleLine()
    .trim()
    .min(ORGANISATION_SEARCH_MIN_CHARS, `Type at least ${ORGANISATION_SEARCH_MIN_CHARS} characters`)
    .max(200, 'Type at most 200 characters'),
});

/** Uppercased with spaces removed: how people type these numbers ("sc 012345", "rr8"). */
const identifier = (pattern: RegExp, message: string) =>
  z
    .string()
    .max(40, message)
    .transform((value) => value.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(pattern, message))
    .nullable()
    .optional();

/**
 * NHS Organisation Data Service codes: 3 to 6 letters and digits (a trust "RR8", one of its sites
 * "RR813", a GP practice "B82005", an ICB "QWO").
 */
export const ODS_CODE_PATTERN = /^[A-Z0-9]{3,6}$/;
/**
 * Companies House company numbers: 8 characters, either 8 digits (England and Wales, with leading
 * zeros: "01234567") or a 2-letter prefix and 6 digits ("SC123456" Scotland, "NI…", "OC…" LLPs),
 * or the older Northern Ireland "R0" and 6 digits.
 */
export const COMPANIES_HOUSE_NUMBER_PATTERN = /^(?:\d{8}|[A-Z]{2}\d{6}|R0\d{6})$/;
/**
 * Charity numbers: England and Wales, 6 or 7 digits with an optional "-n" for a linked charity
 * ("1123456", "1123456-1"); Scotland (OSCR) "SC" and 6 digits; Northern Ireland "NIC" and 6 digits.
 */
export const CHARITY_NUMBER_PATTERN = /^(?:\d{6,7}(?:-\d{1,2})?|SC\d{6}|NIC\d{6})$/;

/** PATCH /api/organisations/:id: a field left out stays; null clears it. */
export const updateOrganisationBody = z
  .strictObject({
    odsCode: identifier(ODS_CODE_PATTERN, 'Enter an ODS code of 3 to 6 letters and numbers, like RR8'),
    companiesHouseNumber: identifier(
      COMPANIES_HOUSE_NUMBER_PATTERN,
      'Enter a company number of 8 characters: 8 digits (with leading zeros) or 2 letters and 6 digits, like SC123456',
    ),
    charityNumber: identifier(
      CHARITY_NUMBER_PATTERN,
      'Enter a charity number: 6 or 7 digits (like 1123456 or 1123456-1), SC and 6 digits, or NIC and 6 digits',
    ),
  })
  .refine(
    (body) => body.odsCode !== undefined || body.companiesHouseNumber !== undefined || body.charityNumber !== undefined,
    { message: 'Send at least one of odsCode, companiesHouseNumber and charityNumber' },
  );
export type UpdateOrganisationBody = z.input<typeof updateOrganisationBody>;

/** An e-mail domain: lower case, no "@", at least two labels of letters, digits and hyphens (punycode for others). */
export const organisationDomain = z
  .string()
  .max(253, 'A domain has at most 253 characters')
  .transform((value) => value.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .regex(
        /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        'Enter the part of your work email address after the @, like leedsth.nhs.uk',
      ),
  );

export const addOrganisationDomainBody = z.strictObject({ domain: organisationDomain });
export type AddOrganisationDomainBody = z.input<typeof addOrganisationDomainBody>;

export const organisationMemberRoleBody = z.strictObject({ role: z.enum(ORGANISATION_MEMBER_ROLES) });

/** Most characters of the reason an admin may give for declining someone (kept in the audit log). */
export const DECLINE_REASON_MAX_CHARS = 500;

/** An admin declines a pending member: an optional reason, kept in the organisation's audit log. */
export const declineOrganisationMemberBody = z.strictObject({
  reason: safeSingleLine()
    .trim()
    .max(DECLINE_REASON_MAX_CHARS, `Write at most ${DECLINE_REASON_MAX_CHARS} characters`)
    .optional(),
});
export type DeclineOrganisationMemberBody = z.infer<typeof declineOrganisationMemberBody>;
export type OrganisationMemberRoleBody = z.input<typeof organisationMemberRoleBody>;

/**
 * Why a domain cannot verify one organisation: mail services anyone can sign up to, and NHS
 * domains shared by many organisations (NHSmail's nhs.net is every NHS organisation's).
 */
export type SharedMailDomainReason = 'nhs_shared' | 'public_mail';

const NHS_SHARED_DOMAINS = new Set(['nhs.net', 'nhs.uk', 'nhs.scot', 'wales.nhs.uk', 'hscni.net']);
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'msn.com',
  'protonmail.com',
  'proton.me',
  'pm.me',
  'mail.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'btinternet.com',
  'sky.com',
  'virginmedia.com',
  'talktalk.net',
  'ntlworld.com',
  'blueyonder.co.uk',
  'tiscali.co.uk',
  'qq.com',
  '163.com',
]);
/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, outlook.de, …). */
const PUBLIC_MAIL_FAMILIES = /^(?:yahoo|ymail|rocketmail|hotmail|outlook|live|aol|gmx|yandex|web)\.[a-z.]+$/;

export function sharedMailDomainReason(domain: string): SharedMailDomainReason | null {
  const d = domain.trim().toLowerCase();
  if (NHS_SHARED_DOMAINS.has(d)) return 'nhs_shared';
  if (PUBLIC_MAIL_DOMAINS.has(d) || PUBLIC_MAIL_FAMILIES.test(d)) return 'public_mail';
  return null;
}

/** The words people are shown for a refused domain (the server's error and the page's hint alike). */
export function sharedMailDomainMessage(domain: string, reason: SharedMailDomainReason): string {
  return reason === 'nhs_shared'
    ? `${domain} is shared by many NHS organisations (NHSmail), so it cannot verify this one on its own. Its people join as pending, and an admin confirms them here (or single sign-on, where set up, vouches for them).`
    : `${domain} is a public email service anyone can sign up to, so it cannot verify an organisation. Add your organisation's own domain instead.`;
}

/** The domain of an e-mail address (after the last @), lower case. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** GET /api/organisations?query=: what the sign-up picker shows (no member data). */
export type OrganisationSearchResultDto = { id: string; name: string; kind: OrganisationKind; odsCode: string | null };
export type OrganisationSearchDto = { organisations: OrganisationSearchResultDto[] };

export type OrganisationDomainDto = { domain: string; addedAt: string };

/** GET /api/organisations/:id (its members only). */
export type OrganisationDetailDto = {
  id: string;
  name: string;
  kind: OrganisationKind;
  odsCode: string | null;
  companiesHouseNumber: string | null;
  charityNumber: string | null;
  /** Whether members must use two-factor sign-in (the organisation's security settings). */
  requireMfa: boolean;
  domains: OrganisationDomainDto[];
  /** Its admins' names, so a pending member knows who can confirm them. */
  admins: { id: string; name: string }[];
};

/** GET /api/organisations/:id/members (admins). */
export type OrganisationMemberDto = {
  userId: string;
  name: string;
  email: string;
  emailVerified: boolean;
  status: OrganisationMemberStatus;
  role: OrganisationMemberRole;
  joinedAt: string;
};
export type OrganisationMembersDto = { members: OrganisationMemberDto[] };

/** GET /api/organisations/:id/entries (admins): entries with people of the organisation on them. */
export type OrganisationEntryDto = {
  id: string;
  title: string;
  status: EntryStatus;
  /** The organisation leads the entry (its creator's organisation). */
  leadOrganisation: boolean;
  /** The organisation's people on the entry, with their roles there. */
  people: { userId: string; name: string; role: Role }[];
  /** Whether the asking admin is a member (only then does the entry's page open for them). */
  youAreMember: boolean;
};
export type OrganisationEntriesDto = { entries: OrganisationEntryDto[] };
