import { ErrorCode, type MfaRequirementDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/auditLog.ts';
import type { Database } from '../db/schema.ts';
import type { AuthContext } from '../http/AppEnv.ts';
import { conflict } from '../http/HttpError.ts';

/**
 * An organisation requiring two-factor sign-in of its members (issue 15; the NHS Data Security and
 * Protection Toolkit expects MFA where personal data is reachable). The rule a session is held to
 * is auth/twoFactorEnrolment.ts; this module stores the switch and counts who has not set it up.
 */

/** Whether the account's organisation requires two-factor sign-in now (turning TOTP off is then refused). */
export async function organisationRequiresTwoFactor(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select('organisations.require_mfa as requireMfa')
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return Number(row?.requireMfa) === 1;
}

/** The switch, and the organisation's live accounts without TOTP on (pending members included). */
export async function mfaRequirementOf(db: Kysely<Database>, organisationId: string): Promise<MfaRequirementDto> {
  const organisation = await db
    .selectFrom('organisations')
    .select('require_mfa')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const without = await db
    .selectFrom('users')
    .leftJoin('two_factor', 'two_factor.user_id', 'users.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('users.organisation_id', '=', organisationId)
    .where('users.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('two_factor.user_id', 'is', null), eb('two_factor.enabled_at', 'is', null)]))
    .executeTakeFirstOrThrow();
  return { required: Number(organisation.require_mfa) === 1, membersWithoutTwoFactor: Number(without.n) };
}

/**
 * Switches the requirement, recorded in the audit log in the same transaction (only when it
 * changes). Switching it on is refused to an admin whose own session would be held by it: they
 * set two-factor sign-in up first, so the switch never locks its own user into set-up.
 */
export async function setMfaRequirement(
  db: Kysely<Database>,
  input: { organisationId: string; auth: AuthContext; required: boolean },
): Promise<MfaRequirementDto> {
  const { organisationId, auth, required } = input;
  if (required && auth.signInMethod !== 'sso') {
    const own = await db
      .selectFrom('two_factor')
      .select('enabled_at')
      .where('user_id', '=', auth.user.id)
      .executeTakeFirst();
    if (own?.enabled_at == null) {
      throw conflict(
        ErrorCode.twoFactorState,
        'Set up two-factor authentication for your own account first, then require it of your members.',
      );
    }
  }
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('organisations')
      .set({ require_mfa: required ? 1 : 0 })
      .where('id', '=', organisationId)
      .where('require_mfa', '=', required ? 0 : 1)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 1) {
      await recordAudit(trx, {
        organisationId,
        actorId: auth.user.id,
        action: 'organisation.mfa_requirement_changed',
        detail: { required },
      });
    }
  });
  return mfaRequirementOf(db, organisationId);
}
