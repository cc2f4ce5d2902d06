import type { ActorDto, OrganisationKind } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Who did something, as every DTO names them (ActorDto). Accounts and
 * organisations can be deleted while what they did stays on record (an
 * approval, a comment, an activity line), so a name that is gone reads as
 * these words rather than failing or leaking an id.
 */
export const FORMER_USER = 'Former user';
export const UNKNOWN_ORGANISATION = 'Unknown organisation';

/**
 * The name a deleted account keeps (issue 15): what it contributed stays attributed to its
 * organisation, as provenance must, without naming the person who asked to be forgotten.
 */
export const formerMemberOf = (organisationName: string | null | undefined): string =>
  organisationName ? `Former member of ${organisationName}` : FORMER_USER;

/** An actor from a row whose joined names may be missing (left joins on users and organisations). */
export function actorOf(row: {
  userId: string;
  name: string | null | undefined;
  organisationId: string | null | undefined;
  organisationName: string | null | undefined;
}): ActorDto {
  return {
    userId: row.userId,
    name: row.name ?? formerMemberOf(row.organisationName),
    organisation: { id: row.organisationId ?? '', name: row.organisationName ?? UNKNOWN_ORGANISATION },
  };
}

/** An organisation's id, name and kind, or the fallback when it no longer exists. */
export type OrganisationRef = { id: string; name: string; kind: OrganisationKind };

export const unknownOrganisation = (id: string): OrganisationRef => ({ id, name: UNKNOWN_ORGANISATION, kind: 'other' });

/** Organisations by id, in one query (absent ids are not in the map). */
export async function organisationsById(
  executor: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, OrganisationRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await executor
    .selectFrom('organisations')
    .select(['id', 'name', 'kind'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, kind: row.kind as OrganisationKind }]));
}

/** Users' names by id, in one query (absent ids are not in the map). */
export async function userNamesById(executor: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await executor.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Names every (user, organisation) pair given, with two queries for all of
 * them; the returned function answers for those pairs (and falls back for others).
 */
export async function actorLookup(
  executor: Kysely<Database>,
  people: readonly { userId: string; organisationId: string }[],
): Promise<(userId: string, organisationId: string) => ActorDto> {
  const [users, organisations] = await Promise.all([
    userNamesById(
      executor,
      people.map((p) => p.userId),
    ),
    organisationsById(
      executor,
      people.map((p) => p.organisationId),
    ),
  ]);
  return (userId, organisationId) =>
    actorOf({
      userId,
      name: users.get(userId),
      organisationId,
      organisationName: organisations.get(organisationId)?.name,
    });
}
