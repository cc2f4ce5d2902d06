import {
  ErrorCode,
  emailDomain,
  type OrganisationMemberDto,
  type OrganisationMemberRole,
  sharedMailDomainMessage,
  sharedMailDomainReason,
  type UpdateOrganisationBody,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/auditLog.ts';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/HttpError.ts';
import { isOrganisationAdmin } from './organisationAdmins.ts';
import { lockOrganisation } from './organisationJoin.ts';
import { organisationMember } from './organisationReads.ts';

export type OrganisationAdministration = ReturnType<typeof createOrganisationAdministration>;

const isUniqueViolation = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

const lastAdmin = () =>
  conflict(
    ErrorCode.lastOrganisationAdmin,
    'An organisation needs at least one admin. Make someone else an admin first.',
  );

/**
 * What an organisation's admins do (issue 15): record its identifiers, confirm pending members,
 * make and unmake admins, add and remove verified domains. Each change runs under the
 * organisation's row lock, checks again there that the actor is still one of its admins, and is
 * written to the audit log in the same transaction. Callers have already answered 404 to anyone
 * outside the organisation (audit/organisationAdminGate.ts).
 */
export function createOrganisationAdministration(deps: {
  db: Kysely<Database>;
  events: Pick<EventBus, 'publish'>;
  now?: () => number;
}) {
  const { db, events } = deps;
  const now = deps.now ?? Date.now;

  /** Runs `change` locked, as an admin of the organisation, or 403 (a member who is not, or no longer, one). */
  function asAdmin<T>(actorId: string, organisationId: string, change: (trx: Kysely<Database>) => Promise<T>) {
    return db.transaction().execute(async (trx) => {
      if (!(await lockOrganisation(trx, organisationId))) throw notFound('That organisation');
      if (!(await isOrganisationAdmin(trx, actorId, organisationId))) {
        throw forbidden('Only your organisation’s admins can do that.');
      }
      return change(trx);
    });
  }

  /** Open entry pages show members' standing: tell those of this person's entries to read them again. */
  async function membersChanged(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const rows = await db.selectFrom('memberships').select('entry_id').where('user_id', 'in', userIds).execute();
    for (const entryId of new Set(rows.map((r) => r.entry_id)))
      events.publish('entryChanged', { entryId, kind: 'members' });
  }

  async function updateDetails(actorId: string, organisationId: string, body: UpdateOrganisationBody): Promise<void> {
    const fields = {
      ...(body.odsCode !== undefined ? { ods_code: body.odsCode } : {}),
      ...(body.companiesHouseNumber !== undefined ? { companies_house_number: body.companiesHouseNumber } : {}),
      ...(body.charityNumber !== undefined ? { charity_number: body.charityNumber } : {}),
    };
    await asAdmin(actorId, organisationId, async (trx) => {
      await trx.updateTable('organisations').set(fields).where('id', '=', organisationId).execute();
      await recordAudit(trx, {
        organisationId,
        actorId,
        action: 'organisation.details_changed',
        detail: {
          ...(body.odsCode !== undefined ? { odsCode: body.odsCode } : {}),
          ...(body.companiesHouseNumber !== undefined ? { companiesHouseNumber: body.companiesHouseNumber } : {}),
          ...(body.charityNumber !== undefined ? { charityNumber: body.charityNumber } : {}),
        },
        at: now(),
      });
    });
  }

  /** Confirms a pending member (a confirmed one is answered as they are, nothing recorded). */
  async function confirmMember(
    actorId: string,
    organisationId: string,
    userId: string,
  ): Promise<OrganisationMemberDto> {
    const changed = await asAdmin(actorId, organisationId, async (trx) => {
      const member = await organisationMember(trx, organisationId, userId);
      if (member.status === 'confirmed') return false;
      await trx.updateTable('users').set({ organisation_status: 'confirmed' }).where('id', '=', userId).execute();
      await recordAudit(trx, {
        organisationId,
        actorId,
        subjectUserId: userId,
        action: 'organisation.member_confirmed',
        detail: { by: 'admin' },
        at: now(),
      });
      return true;
    });
    if (changed) await membersChanged([userId]);
    return organisationMember(db, organisationId, userId);
  }

  /**
   * Declines a pending member: the organisation's admins do not know them. They stay signed in and
   * in their entries, cannot endorse for the organisation, leave its list of people to confirm, and
   * are told (their status) so they can move to their real organisation (organisationMoves.ts). The
   * reason, if given, is kept in the organisation's audit log.
   * Already declined: answered as they are, nothing recorded; confirmed: 409 `member_not_pending`
   * (confirming a declined member later is allowed: an admin may change their mind).
   */
  async function declineMember(
    actorId: string,
    organisationId: string,
    userId: string,
    reason: string | undefined,
  ): Promise<OrganisationMemberDto> {
    const changed = await asAdmin(actorId, organisationId, async (trx) => {
      const member = await organisationMember(trx, organisationId, userId);
      if (member.status === 'declined') return false;
      if (member.status === 'confirmed') {
        throw conflict(
          ErrorCode.memberNotPending,
          `${member.name} is a confirmed member. Only a pending member can be declined.`,
        );
      }
      await trx.updateTable('users').set({ organisation_status: 'declined' }).where('id', '=', userId).execute();
      await recordAudit(trx, {
        organisationId,
        actorId,
        subjectUserId: userId,
        action: 'organisation.member_declined',
        detail: reason ? { reason } : {},
        at: now(),
      });
      return true;
    });
    if (changed) await membersChanged([userId]);
    return organisationMember(db, organisationId, userId);
  }

  /**
   * Makes a confirmed member an admin, or an admin a member. The organisation keeps at least one
   * admin (409 `last_organisation_admin`, also for an admin stepping down); a pending member is
   * confirmed first (409 `organisation_unconfirmed`).
   */
  async function setMemberRole(
    actorId: string,
    organisationId: string,
    userId: string,
    role: OrganisationMemberRole,
  ): Promise<OrganisationMemberDto> {
    await asAdmin(actorId, organisationId, async (trx) => {
      const member = await organisationMember(trx, organisationId, userId);
      if (member.role === role) return;
      if (role === 'admin' && member.status !== 'confirmed') {
        throw conflict(
          ErrorCode.organisationUnconfirmed,
          `Confirm ${member.name} as a member before making them an admin.`,
        );
      }
      if (role === 'member') {
        const admins = await trx
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('organisation_id', '=', organisationId)
          .where('organisation_role', '=', 'admin')
          .where('organisation_status', '=', 'confirmed')
          .where('deleted_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(admins.n) <= 1) throw lastAdmin();
      }
      await trx.updateTable('users').set({ organisation_role: role }).where('id', '=', userId).execute();
      await recordAudit(trx, {
        organisationId,
        actorId,
        subjectUserId: userId,
        action: 'organisation.member_role_changed',
        detail: { from: member.role, to: role },
        at: now(),
      });
    });
    return organisationMember(db, organisationId, userId);
  }

  /**
   * Adds a verified domain: not a public or shared mail domain (400 `shared_mail_domain`, saying
   * why), only the domain of the admin's own verified address (403 `domain_unproven`: that is its
   * proof), and not another organisation's (409 `domain_taken`). Pending members whose verified
   * addresses are on it are confirmed with it.
   */
  async function addDomain(actorId: string, organisationId: string, domain: string): Promise<void> {
    const reason = sharedMailDomainReason(domain);
    if (reason) {
      throw new HttpError(400, ErrorCode.sharedMailDomain, sharedMailDomainMessage(domain, reason), [
        { path: 'domain', message: sharedMailDomainMessage(domain, reason) },
      ]);
    }
    const confirmed = await asAdmin(actorId, organisationId, async (trx) => {
      const actor = await trx
        .selectFrom('users')
        .select(['email', 'email_verified_at'])
        .where('id', '=', actorId)
        .executeTakeFirstOrThrow();
      if (actor.email_verified_at === null || emailDomain(actor.email) !== domain) {
        throw new HttpError(
          403,
          ErrorCode.domainUnproven,
          `You can add only the domain of your own confirmed email address (${actor.email_verified_at === null ? 'confirm your address first' : emailDomain(actor.email)}): that is how Jointly knows the domain is your organisation's.`,
        );
      }
      const owner = await trx
        .selectFrom('organisation_domains')
        .select('organisation_id')
        .where('domain', '=', domain)
        .executeTakeFirst();
      if (owner?.organisation_id === organisationId) return [];
      if (owner) throw conflict(ErrorCode.domainTaken, `${domain} already verifies another organisation.`);
      try {
        await trx
          .insertInto('organisation_domains')
          .values({ domain, organisation_id: organisationId, added_by: actorId, created_at: now() })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict(ErrorCode.domainTaken, `${domain} already verifies another organisation.`);
        throw err;
      }
      await recordAudit(trx, {
        organisationId,
        actorId,
        action: 'organisation.domain_added',
        detail: { domain },
        at: now(),
      });
      return confirmPendingOnDomain(trx, organisationId, domain, actorId);
    });
    await membersChanged(confirmed);
  }

  async function removeDomain(actorId: string, organisationId: string, domain: string): Promise<void> {
    await asAdmin(actorId, organisationId, async (trx) => {
      const removed = await trx
        .deleteFrom('organisation_domains')
        .where('domain', '=', domain)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound('That domain');
      // Nobody it confirmed is unconfirmed: they were confirmed as people, not as addresses.
      await recordAudit(trx, {
        organisationId,
        actorId,
        action: 'organisation.domain_removed',
        detail: { domain },
        at: now(),
      });
    });
  }

  /** Pending live members with a verified address on `domain` become confirmed; their ids. */
  async function confirmPendingOnDomain(
    trx: Kysely<Database>,
    organisationId: string,
    domain: string,
    actorId: string | null,
  ): Promise<string[]> {
    const pending = await trx
      .selectFrom('users')
      .select(['id', 'email'])
      .where('organisation_id', '=', organisationId)
      .where('organisation_status', '=', 'pending')
      .where('email_verified_at', 'is not', null)
      .where('deleted_at', 'is', null)
      .execute();
    const onDomain = pending.filter((u) => emailDomain(u.email) === domain).map((u) => u.id);
    for (const userId of onDomain) {
      await trx.updateTable('users').set({ organisation_status: 'confirmed' }).where('id', '=', userId).execute();
      await recordAudit(trx, {
        organisationId,
        actorId,
        subjectUserId: userId,
        action: 'organisation.member_confirmed',
        detail: { by: 'domain', domain },
        at: now(),
      });
    }
    return onDomain;
  }

  return {
    updateDetails,
    confirmMember,
    declineMember,
    setMemberRole,
    addDomain,
    removeDomain,
    confirmPendingOnDomain,
    membersChanged,
  };
}
