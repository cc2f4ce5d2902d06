import { ErrorCode, type OrganisationMemberStatus } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/auditLog.ts';
import type { Database } from '../db/schema.ts';
import { conflict, HttpError } from '../http/HttpError.ts';
import type { OrganisationAdministration } from './organisationAdministration.ts';
import {
  type JoinedOrganisation,
  lockOrganisation,
  type OrganisationChoice,
  recordJoin,
  resolveOrganisation,
  standingOnJoin,
} from './organisationJoin.ts';

export type OrganisationMoves = ReturnType<typeof createOrganisationMoves>;

/** Who may move themselves: anyone whose membership nobody has confirmed. */
const MAY_MOVE: readonly OrganisationMemberStatus[] = ['pending', 'declined'];

/**
 * A person who picked the wrong organisation at sign-up, or whom its admins declined, names their
 * real one (PUT /api/me/organisation). They join it exactly as a sign-up would (standingOnJoin:
 * pending, or confirmed by a verified domain, or admin of a new or unstaffed organisation), and
 * their entry memberships follow them: they never spoke for the old organisation, so its name must
 * not stay beside theirs. An entry they created (led by the old organisation) is led by the new one
 * when nobody else of the old organisation is in it. A confirmed member is refused (409): their
 * organisation vouches for them, and changing it would change who speaks for whom in every entry.
 */
export function createOrganisationMoves(deps: {
  db: Kysely<Database>;
  administration: Pick<OrganisationAdministration, 'membersChanged'>;
  onJoined?: (joined: JoinedOrganisation) => void;
  now?: () => number;
}) {
  const { db, administration } = deps;
  const now = deps.now ?? Date.now;

  async function moveOwnOrganisation(userId: string, choice: OrganisationChoice): Promise<JoinedOrganisation> {
    const at = now();
    const joined = await db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select(['organisation_id', 'organisation_status', 'email', 'email_verified_at'])
        .where('id', '=', userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (!MAY_MOVE.includes(user.organisation_status)) {
        throw conflict(
          ErrorCode.confirmedMemberCannotMove,
          'You are a confirmed member of your organisation, so you cannot change it yourself.',
        );
      }
      const from = user.organisation_id;
      const to = await resolveOrganisation(trx, choice, at);
      if (to.id === from) {
        throw new HttpError(400, ErrorCode.validation, 'You are already in that organisation.', [
          {
            path: 'organisationId' in choice ? 'organisationId' : 'organisationName',
            message: 'You are already in that organisation. Pick another one.',
          },
        ]);
      }
      // Both organisations locked in a fixed order: two people moving opposite ways cannot deadlock.
      for (const id of [from, to.id].sort()) await lockOrganisation(trx, id);
      const standing = await standingOnJoin(trx, {
        organisationId: to.id,
        created: to.created,
        email: user.email,
        emailVerified: user.email_verified_at !== null,
        vouched: false,
      });
      await trx
        .updateTable('users')
        .set({ organisation_id: to.id, organisation_status: standing.status, organisation_role: standing.role })
        .where('id', '=', userId)
        .execute();
      await moveEntryMemberships(trx, userId, from, to.id);
      await recordAudit(trx, {
        organisationId: from,
        actorId: userId,
        subjectUserId: userId,
        action: 'organisation.member_left',
        detail: { status: user.organisation_status },
        at,
      });
      const placed: JoinedOrganisation = { userId, organisationId: to.id, created: to.created, ...standing };
      await recordJoin(trx, placed, { via: 'move', at });
      return placed;
    });
    deps.onJoined?.(joined);
    await administration.membersChanged([userId]);
    return joined;
  }

  return { moveOwnOrganisation };
}

/** The person's entry memberships now name their new organisation; entries left without the old one's people follow. */
async function moveEntryMemberships(trx: Kysely<Database>, userId: string, from: string, to: string): Promise<void> {
  const entries = await trx
    .selectFrom('memberships')
    .select('entry_id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', from)
    .execute();
  if (entries.length === 0) return;
  const entryIds = entries.map((e) => e.entry_id);
  await trx
    .updateTable('memberships')
    .set({ organisation_id: to })
    .where('user_id', '=', userId)
    .where('entry_id', 'in', entryIds)
    .execute();
  const stillThere = await trx
    .selectFrom('memberships')
    .select('entry_id')
    .where('entry_id', 'in', entryIds)
    .where('organisation_id', '=', from)
    .execute();
  const kept = new Set(stillThere.map((m) => m.entry_id));
  const orphaned = entryIds.filter((id) => !kept.has(id));
  if (orphaned.length === 0) return;
  await trx
    .updateTable('entries')
    .set({ lead_organisation_id: to })
    .where('id', 'in', orphaned)
    .where('lead_organisation_id', '=', from)
    .execute();
}
