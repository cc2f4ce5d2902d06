import {
  type EntryStatus,
  ORGANISATION_SEARCH_MAX_RESULTS,
  type OrganisationDetailDto,
  type OrganisationEntryDto,
  type OrganisationKind,
  type OrganisationMemberDto,
  type OrganisationMemberStatus,
  type OrganisationSearchResultDto,
  type Role,
} from '@jointly/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from '../http/HttpError.ts';
import { isoTime } from '../isoTime.ts';
import { organisationNameKey } from './organisationJoin.ts';

/** Most entries the admins' list shows (newest first). */
export const ORGANISATION_ENTRIES_MAX = 200;

/** LIKE's own characters, escaped so that "50%" or "a_b" match themselves. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The sign-up picker's search (public: names, kinds and ODS codes only, never people): names
 * containing the text (case- and space-insensitively, as names are keyed), and an exact ODS code;
 * names starting with it first, then alphabetical.
 */
export async function searchOrganisations(db: Kysely<Database>, query: string): Promise<OrganisationSearchResultDto[]> {
  const key = organisationNameKey(query);
  const ods = query.replace(/\s+/g, '').toUpperCase();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'ods_code'])
    .where((eb) =>
      eb.or([sql<boolean>`name_key like ${`%${likeEscaped(key)}%`} escape '\\'`, eb('ods_code', '=', ods)]),
    )
    .orderBy(sql`case when name_key like ${`${likeEscaped(key)}%`} escape '\\' then 0 else 1 end`)
    .orderBy('name_key')
    .limit(ORGANISATION_SEARCH_MAX_RESULTS)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind as OrganisationKind,
    odsCode: row.ods_code,
  }));
}

/** The organisation's details, with its domains and admins; 404 when it does not exist. */
export async function organisationDetail(db: Kysely<Database>, organisationId: string): Promise<OrganisationDetailDto> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!row) throw notFound('That organisation');
  const [domains, admins] = await Promise.all([
    db
      .selectFrom('organisation_domains')
      .select(['domain', 'created_at'])
      .where('organisation_id', '=', organisationId)
      .orderBy('domain')
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('organisation_role', '=', 'admin')
      .where('organisation_status', '=', 'confirmed')
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute(),
  ]);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrganisationKind,
    odsCode: row.ods_code,
    companiesHouseNumber: row.companies_house_number,
    charityNumber: row.charity_number,
    requireMfa: Number(row.require_mfa) === 1,
    domains: domains.map((d) => ({ domain: d.domain, addedAt: isoTime(d.created_at) })),
    admins,
  };
}

const memberColumns = [
  'id',
  'name',
  'email',
  'email_verified_at',
  'organisation_status',
  'organisation_role',
  'created_at',
] as const;

type MemberRow = {
  id: string;
  name: string;
  email: string;
  email_verified_at: number | null;
  organisation_status: OrganisationMemberStatus;
  organisation_role: 'member' | 'admin';
  created_at: number;
};

const memberDto = (row: MemberRow): OrganisationMemberDto => ({
  userId: row.id,
  name: row.name,
  email: row.email,
  emailVerified: row.email_verified_at !== null,
  status: row.organisation_status,
  role: row.organisation_role,
  joinedAt: isoTime(row.created_at),
});

/** The organisation's live accounts: pending first (they wait for someone), declined last, then by name. */
export async function organisationMembers(
  db: Kysely<Database>,
  organisationId: string,
): Promise<OrganisationMemberDto[]> {
  const rows = await db
    .selectFrom('users')
    .select(memberColumns)
    .where('organisation_id', '=', organisationId)
    .where('deleted_at', 'is', null)
    .orderBy(sql`case organisation_status when 'pending' then 0 when 'confirmed' then 1 else 2 end`)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(memberDto);
}

/** One live account of the organisation, or 404 (another organisation's people are not found here). */
export async function organisationMember(
  db: Kysely<Database>,
  organisationId: string,
  userId: string,
): Promise<OrganisationMemberDto> {
  const row = await db
    .selectFrom('users')
    .select(memberColumns)
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('That member');
  return memberDto(row);
}

/**
 * The entries with people of this organisation on them now (a membership for it), newest first:
 * titles, status and those people, never content. An organisation whose people have all left or
 * been deleted is on no entry, so whoever manages it later learns nothing of its past.
 */
export async function organisationEntries(
  db: Kysely<Database>,
  organisationId: string,
  viewerId: string,
): Promise<OrganisationEntryDto[]> {
  const entries = await db
    .selectFrom('entries')
    .select(['id', 'title', 'status', 'lead_organisation_id', 'created_at'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.user_id')
          .whereRef('memberships.entry_id', '=', 'entries.id')
          .where('memberships.organisation_id', '=', organisationId),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(ORGANISATION_ENTRIES_MAX)
    .execute();
  if (entries.length === 0) return [];
  const ids = entries.map((e) => e.id);
  const people = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.entry_id as entryId', 'users.id as userId', 'users.name as name', 'memberships.role as role'])
    .where('memberships.entry_id', 'in', ids)
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.name')
    .execute();
  const mine = await db
    .selectFrom('memberships')
    .select('entry_id')
    .where('user_id', '=', viewerId)
    .where('entry_id', 'in', ids)
    .execute();
  const member = new Set(mine.map((m) => m.entry_id));
  return entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    status: entry.status as EntryStatus,
    leadOrganisation: entry.lead_organisation_id === organisationId,
    people: people
      .filter((p) => p.entryId === entry.id)
      .map((p) => ({ userId: p.userId, name: p.name, role: p.role as Role })),
    youAreMember: member.has(entry.id),
  }));
}
