import {
  ErrorCode,
  emailDomain,
  type OrganisationKind,
  type OrganisationMemberRole,
  type OrganisationMemberStatus,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/auditLog.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';

/** Names are matched case- and space-insensitively: "Leeds  teaching hospitals" is "Leeds Teaching Hospitals". */
export function organisationNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Which organisation a new account joins: one picked by id, or one named (found by its name, else created). */
export type OrganisationChoice = { organisationId: string } | { name: string; kind: OrganisationKind };

/** Where a new account was placed, for the caller to announce once its transaction has committed. */
export type JoinedOrganisation = {
  userId: string;
  organisationId: string;
  status: OrganisationMemberStatus;
  role: OrganisationMemberRole;
  /** The account created the organisation (it is its admin). */
  created: boolean;
};

/**
 * Takes the organisation's row lock for the rest of the transaction (a no-op UPDATE: SQLite's write
 * lock, PostgreSQL's row lock), so joins, confirmations, role changes and domain changes of one
 * organisation happen one at a time: two admins cannot demote each other past the last admin, and
 * two people joining an organisation without admins cannot both become its admin.
 */
export async function lockOrganisation(trx: Kysely<Database>, organisationId: string): Promise<boolean> {
  const result = await trx
    .updateTable('organisations')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The organisation's id, found or created inside `trx`. A name that exists (by its key, whatever
 * kind was given) is joined: duplicates are impossible, the unique index on `name_key` deciding
 * between two sign-ups creating the same name at once (ON CONFLICT DO NOTHING, then read the
 * winner's row, which on PostgreSQL is committed once the insert stops waiting for it).
 */
export async function resolveOrganisation(
  trx: Kysely<Database>,
  choice: OrganisationChoice,
  at: number,
): Promise<{ id: string; created: boolean }> {
  if ('organisationId' in choice) {
    const row = await trx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', choice.organisationId)
      .executeTakeFirst();
    if (!row) {
      throw new HttpError(400, ErrorCode.validation, 'organisationId: There is no organisation with that id.', [
        {
          path: 'organisationId',
          message: 'There is no organisation with that id. Search for your organisation again.',
        },
      ]);
    }
    return { id: row.id, created: false };
  }
  const nameKey = organisationNameKey(choice.name);
  const existing = await trx
    .selectFrom('organisations')
    .select('id')
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = generateId();
  await trx
    .insertInto('organisations')
    .values({ id, name: choice.name, name_key: nameKey, kind: choice.kind, created_at: at })
    .onConflict((oc) => oc.column('name_key').doNothing())
    .execute();
  const winner = await trx
    .selectFrom('organisations')
    .select('id')
    .where('name_key', '=', nameKey)
    .executeTakeFirstOrThrow();
  return { id: winner.id, created: winner.id === id };
}

/** Whether `domain` is one of the organisation's verified domains. */
export async function isVerifiedDomainOf(
  executor: Kysely<Database>,
  organisationId: string,
  domain: string,
): Promise<boolean> {
  const row = await executor
    .selectFrom('organisation_domains')
    .select('domain')
    .where('domain', '=', domain)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

async function hasConfirmedMember(trx: Kysely<Database>, organisationId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('organisation_status', '=', 'confirmed')
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A new account's standing in the organisation it joins (issue 15), decided under the
 * organisation's lock:
 * - it created the organisation, or the organisation has no confirmed live member left (nobody to
 *   ask, as if the name were new): confirmed admin;
 * - single sign-on named the organisation from the provider's claims (`vouched`): confirmed;
 * - its address is verified and on one of the organisation's verified domains: confirmed;
 * - anyone else: pending, until an admin confirms them (or they verify an address on a domain).
 */
export async function standingOnJoin(
  trx: Kysely<Database>,
  input: { organisationId: string; created: boolean; email: string; emailVerified: boolean; vouched: boolean },
): Promise<{ status: OrganisationMemberStatus; role: OrganisationMemberRole }> {
  await lockOrganisation(trx, input.organisationId);
  if (input.created || !(await hasConfirmedMember(trx, input.organisationId))) {
    return { status: 'confirmed', role: 'admin' };
  }
  if (input.vouched) return { status: 'confirmed', role: 'member' };
  if (input.emailVerified && (await isVerifiedDomainOf(trx, input.organisationId, emailDomain(input.email)))) {
    return { status: 'confirmed', role: 'member' };
  }
  return { status: 'pending', role: 'member' };
}

/** The audit records of a join, written in the join's transaction (after the account's row exists). */
export async function recordJoin(
  trx: Kysely<Database>,
  joined: JoinedOrganisation,
  how: { via: 'signup' | 'sso' | 'move'; at: number },
): Promise<void> {
  if (joined.created) {
    await recordAudit(trx, {
      organisationId: joined.organisationId,
      actorId: joined.userId,
      action: 'organisation.created',
      detail: { via: how.via },
      at: how.at,
    });
  }
  await recordAudit(trx, {
    organisationId: joined.organisationId,
    actorId: joined.userId,
    subjectUserId: joined.userId,
    action: 'organisation.member_joined',
    detail: { via: how.via, status: joined.status, role: joined.role },
    at: how.at,
  });
}
