import { emailDomain } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/auditLog.ts';
import type { Database } from '../db/schema.ts';
import type { OrganisationAdministration } from './organisationAdministration.ts';
import { isVerifiedDomainOf, lockOrganisation, organisationNameKey } from './organisationJoin.ts';

export type OrganisationMembership = ReturnType<typeof createOrganisationMembership>;

/**
 * How a pending member becomes confirmed without an admin (issue 15), and what an account's
 * deletion does to its organisation: accounts/, invitations/ and sso/ call these after they
 * verify an address or sign someone in by single sign-on.
 */
export function createOrganisationMembership(deps: {
  db: Kysely<Database>;
  administration: Pick<OrganisationAdministration, 'membersChanged'>;
  now?: () => number;
}) {
  const { db, administration } = deps;
  const now = deps.now ?? Date.now;

  /** A pending live member, with what deciding about them needs; null for anyone else. */
  const pendingMember = (executor: Kysely<Database>, userId: string) =>
    executor
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.email as email',
        'users.email_verified_at as verifiedAt',
        'users.organisation_id as organisationId',
        'organisations.name_key as nameKey',
      ])
      .where('users.id', '=', userId)
      .where('users.organisation_status', '=', 'pending')
      .where('users.deleted_at', 'is', null)
      .executeTakeFirst();

  async function confirm(
    trx: Kysely<Database>,
    userId: string,
    organisationId: string,
    detail: Record<string, string>,
  ): Promise<void> {
    await trx.updateTable('users').set({ organisation_status: 'confirmed' }).where('id', '=', userId).execute();
    await recordAudit(trx, {
      organisationId,
      actorId: userId,
      subjectUserId: userId,
      action: 'organisation.member_confirmed',
      detail,
      at: now(),
    });
  }

  /**
   * After an address was verified (a link opened, an invitation to it accepted, single sign-on):
   * a pending member whose verified address is on one of the organisation's verified domains is
   * confirmed. Anyone else is left as they are.
   */
  async function addressVerified(userId: string): Promise<void> {
    const confirmed = await db.transaction().execute(async (trx) => {
      const first = await pendingMember(trx, userId);
      if (!first) return false;
      await lockOrganisation(trx, first.organisationId);
      const member = await pendingMember(trx, userId);
      if (!member || member.verifiedAt === null) return false;
      const domain = emailDomain(member.email);
      if (!(await isVerifiedDomainOf(trx, member.organisationId, domain))) return false;
      await confirm(trx, userId, member.organisationId, { by: 'domain', domain });
      return true;
    });
    if (confirmed) await administration.membersChanged([userId]);
  }

  /**
   * A sign-in by single sign-on: the provider verified the address (see above), and when its
   * claims name the organisation the account is pending in, the deployment's provider vouches for
   * the membership, so it is confirmed.
   */
  async function signedInBySso(userId: string, claimedOrganisation: string | null): Promise<void> {
    if (claimedOrganisation !== null) {
      const confirmed = await db.transaction().execute(async (trx) => {
        const member = await pendingMember(trx, userId);
        if (!member || member.nameKey !== organisationNameKey(claimedOrganisation)) return false;
        await lockOrganisation(trx, member.organisationId);
        await confirm(trx, userId, member.organisationId, { by: 'sso' });
        return true;
      });
      if (confirmed) {
        await administration.membersChanged([userId]);
        return;
      }
    }
    await addressVerified(userId);
  }

  /**
   * After an account was deleted: when it was its organisation's last admin, the organisation's
   * longest-standing confirmed live member becomes admin, so its pending people still have someone
   * to confirm them (recorded as done by nobody: the system).
   */
  async function accountLeft(userId: string): Promise<void> {
    await db.transaction().execute((trx) => handOverAdmin(trx, userId));
  }

  async function handOverAdmin(trx: Kysely<Database>, userId: string): Promise<void> {
    const user = await trx.selectFrom('users').select('organisation_id').where('id', '=', userId).executeTakeFirst();
    if (!user) return;
    const organisationId = user.organisation_id;
    await lockOrganisation(trx, organisationId);
    const others = await trx
      .selectFrom('users')
      .select(['id', 'organisation_role'])
      .where('organisation_id', '=', organisationId)
      .where('organisation_status', '=', 'confirmed')
      .where('deleted_at', 'is', null)
      .where('id', '!=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (others.length === 0 || others.some((u) => u.organisation_role === 'admin')) return;
    const successor = others[0]!.id;
    await trx.updateTable('users').set({ organisation_role: 'admin' }).where('id', '=', successor).execute();
    await recordAudit(trx, {
      organisationId,
      actorId: null,
      subjectUserId: successor,
      action: 'organisation.member_role_changed',
      detail: { from: 'member', to: 'admin', reason: 'last_admin_left' },
      at: now(),
    });
  }

  return { addressVerified, signedInBySso, accountLeft };
}
