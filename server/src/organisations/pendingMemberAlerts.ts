import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { JoinedOrganisation } from './organisationJoin.ts';
import type { OrganisationLimits } from './organisationLimits.ts';

/**
 * Tells an organisation's admins that someone joined it and waits for them (issue 15): an e-mail
 * to each confirmed admin when Jointly can send mail (limited per organisation), besides the
 * organisation page and the admins' My tasks, which list pending people without any e-mail.
 * Entry notifications are about an entry and go to its members, so a join is not one of them.
 */
export function createPendingMemberAlerts(deps: {
  db: Kysely<Database>;
  mailer: Mailer | null;
  limits: OrganisationLimits;
  /** Where the organisation page is: PUBLIC_URL (required in production with SMTP_URL). */
  origin: string;
  logger: Logger;
}) {
  const { db, mailer, limits, logger } = deps;

  async function joined(join: JoinedOrganisation): Promise<void> {
    if (join.status !== 'pending' || !mailer) return;
    const person = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.name as name', 'users.email as email', 'organisations.name as organisationName'])
      .where('users.id', '=', join.userId)
      .executeTakeFirst();
    if (!person) return;
    const admins = await db
      .selectFrom('users')
      .select('email')
      .where('organisation_id', '=', join.organisationId)
      .where('organisation_role', '=', 'admin')
      .where('organisation_status', '=', 'confirmed')
      .where('deleted_at', 'is', null)
      .execute();
    if (admins.length === 0 || !(await limits.mayEmailAdmins(join.organisationId))) return;
    const url = `${deps.origin}/organisation`;
    for (const admin of admins) {
      await mailer.sendAccountLink({
        to: admin.email,
        subject: `${person.name} is waiting to join ${person.organisationName} on Jointly`,
        text: `${person.name} (${person.email}) signed up to Jointly as a member of ${person.organisationName}. Until an admin confirms them, their membership shows as unconfirmed and they cannot endorse entries for ${person.organisationName}.\n\nIf you know them, confirm them on your organisation page: ${url}\n\nIf you do not, leave them unconfirmed.`,
      });
    }
  }

  return {
    /** Called once a join has committed; never throws (the join stands whatever the mail does). */
    onJoined(join: JoinedOrganisation): void {
      joined(join).catch((err) => logger.warn('pending member alert failed', { err: String(err) }));
    },
  };
}
