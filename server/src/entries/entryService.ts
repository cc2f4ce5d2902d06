import {
  can,
  type EntryStatus,
  ErrorCode,
  type MemberDto,
  type OrganisationKind,
  type PermissionName,
  type Role,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import { resolveCategory } from '../categories/categoryResolver.ts';
import { mayUseCategory } from '../categories/customCategoryAccess.ts';
import { EntryLayout } from '../collab/admission/EntryLayout.ts';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { isoTime } from '../isoTime.ts';
import { FORMER_USER } from '../people/actorOf.ts';
import { withEntryLocked } from './entryLock.ts';
import { finalistStageOpen } from './finalistStageOpen.ts';

/**
 * What a membership change does to the entry's invitations (invitations/invitationRevocation.ts),
 * passed in by services.ts: invitations build on entries, so entries do not import them.
 */
export type MembershipRevocations = {
  /** A lead no longer: the invitations they sent are revoked. */
  revokeSentBy(trx: Kysely<Database>, change: { entryId: string; userId: string; at: number }): Promise<unknown>;
  /** Removed: no older invitation readmits them, and none they sent admits anyone. */
  revokeOnRemoval(trx: Kysely<Database>, change: { entryId: string; userId: string; at: number }): Promise<unknown>;
};

export type EntryService = ReturnType<typeof createEntryService>;

export function createEntryService(deps: {
  db: Kysely<Database>;
  events: EventBus;
  invitations: MembershipRevocations;
  now?: () => number;
}) {
  const { db, events, invitations } = deps;
  const now = deps.now ?? Date.now;

  async function roleOf(entryId: string, userId: string, executor: Kysely<Database> = db): Promise<Role | null> {
    const row = await executor
      .selectFrom('memberships')
      .select('role')
      .where('entry_id', '=', entryId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return (row?.role as Role | undefined) ?? null;
  }

  /** The entry's sections and word limits, and its short fields, from its category template (null: no such entry). */
  async function sectionLimitsOf(entryId: string): Promise<ReadonlyMap<string, number | null> | null> {
    const row = await db.selectFrom('entries').select('category_id').where('id', '=', entryId).executeTakeFirst();
    const template = row ? await resolveCategory(db, row.category_id) : undefined;
    if (!template) return null;
    return new EntryLayout(
      template.sections.map((section) => [section.id, section.wordLimit] as const),
      new Map((template.shortFields ?? []).map((field) => [field.id, field])),
    );
  }

  /** The finalist stage is open (C-WRITE-5): leads and contributors may write its outline. */
  const finalistOpenOf = (entryId: string) => finalistStageOpen(db, entryId);

  async function statusOf(entryId: string): Promise<EntryStatus | null> {
    const row = await db.selectFrom('entries').select('status').where('id', '=', entryId).executeTakeFirst();
    return (row?.status as EntryStatus | undefined) ?? null;
  }

  /**
   * The caller's role, or 404 when they are not a member (as if the entry did
   * not exist), or 403 when their role lacks the permission (PRODUCT §4).
   */
  async function authorise(
    entryId: string,
    userId: string,
    permission: PermissionName,
    executor: Kysely<Database> = db,
  ): Promise<Role> {
    const role = await roleOf(entryId, userId, executor);
    if (!role) throw notFound('Entry');
    if (!can(role, permission)) throw forbidden();
    return role;
  }

  async function listMembers(entryId: string): Promise<MemberDto[]> {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .select([
        'users.id as userId',
        'users.name as name',
        'users.email as email',
        'memberships.role as role',
        'memberships.created_at as joinedAt',
        'users.organisation_id as userOrganisationId',
        'users.organisation_status as userOrganisationStatus',
        'organisations.id as organisationId',
        'organisations.name as organisationName',
        'organisations.kind as organisationKind',
      ])
      .where('memberships.entry_id', '=', entryId)
      .orderBy('memberships.created_at')
      .execute();
    return rows.map((row) => ({
      userId: row.userId,
      name: row.name,
      email: row.email,
      role: row.role as Role,
      joinedAt: isoTime(row.joinedAt),
      organisation: {
        id: row.organisationId,
        name: row.organisationName,
        kind: row.organisationKind as OrganisationKind,
      },
      // Confirmed in the organisation they are on the entry for (issue 15); anything else reads unconfirmed.
      organisationStatus:
        row.userOrganisationId === row.organisationId && row.userOrganisationStatus === 'confirmed'
          ? 'confirmed'
          : 'pending',
    }));
  }

  async function createEntry(
    input: { title: string; categoryId: string },
    creator: { userId: string; organisationId: string },
  ): Promise<string> {
    // A custom category the creator may not use is answered as one that does not exist (issue 17).
    if (!(await mayUseCategory(db, input.categoryId, creator.userId))) {
      throw new HttpError(400, ErrorCode.validation, 'There is no award category with that id.', [
        { path: 'categoryId', message: 'Choose one of the award categories.' },
      ]);
    }
    const id = generateId();
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('entries')
        .values({
          id,
          title: input.title,
          category_id: input.categoryId,
          lead_organisation_id: creator.organisationId,
          created_by: creator.userId,
          status: 'draft',
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('memberships')
        .values({
          entry_id: id,
          user_id: creator.userId,
          organisation_id: creator.organisationId,
          role: 'lead',
          created_at: at,
        })
        .execute();
      await recordActivity(trx, {
        entryId: id,
        at,
        actor: creator,
        kind: 'entry_created',
        detail: { title: input.title, categoryId: input.categoryId },
      });
    });
    return id;
  }

  async function leadCount(entryId: string, executor: Kysely<Database>): Promise<number> {
    const row = await executor
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entry_id', '=', entryId)
      .where('role', '=', 'lead')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A member as the activity feed records them: their user id and the organisation they joined with. */
  async function activityActor(
    entryId: string,
    userId: string,
    executor: Kysely<Database> = db,
  ): Promise<{ userId: string; organisationId: string } | null> {
    const row = await executor
      .selectFrom('memberships')
      .select('organisation_id')
      .where('entry_id', '=', entryId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? { userId, organisationId: row.organisation_id } : null;
  }

  async function userName(userId: string, executor: Kysely<Database> = db): Promise<string> {
    const row = await executor.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
    return row?.name ?? FORMER_USER;
  }

  async function changeRole(entryId: string, actorId: string, memberId: string, role: Role): Promise<MemberDto> {
    // The entry's row lock orders concurrent changes: two leads demoting or removing each other
    // cannot both pass the last-lead check.
    await withEntryLocked(db, entryId, async (trx) => {
      await authorise(entryId, actorId, 'manageMembers', trx);
      const current = await roleOf(entryId, memberId, trx);
      if (!current) throw notFound('Member');
      if (current === 'lead' && role !== 'lead' && (await leadCount(entryId, trx)) <= 1) {
        throw conflict(ErrorCode.lastLead, 'An entry needs at least one lead. Make someone else a lead first.');
      }
      await trx
        .updateTable('memberships')
        .set({ role })
        .where('entry_id', '=', entryId)
        .where('user_id', '=', memberId)
        .execute();
      // A lead no longer: the invitations they sent go with their authority to invite (issue #10 finding 12).
      if (current === 'lead' && role !== 'lead')
        await invitations.revokeSentBy(trx, { entryId, userId: memberId, at: now() });
      if (current !== role) {
        await recordActivity(trx, {
          entryId,
          at: now(),
          actor: await activityActor(entryId, actorId, trx),
          kind: 'member_role_changed',
          detail: { userId: memberId, name: await userName(memberId, trx), from: current, to: role },
        });
      }
    });
    events.publish('membershipChanged', { entryId, userId: memberId, role });
    const member = (await listMembers(entryId)).find((m) => m.userId === memberId);
    if (!member) throw notFound('Member');
    return member;
  }

  async function removeMember(entryId: string, actorId: string, memberId: string): Promise<void> {
    await withEntryLocked(db, entryId, async (trx) => {
      await authorise(entryId, actorId, 'manageMembers', trx);
      const current = await roleOf(entryId, memberId, trx);
      if (!current) throw notFound('Member');
      if (current === 'lead' && (await leadCount(entryId, trx)) <= 1) {
        throw conflict(ErrorCode.lastLead, 'An entry needs at least one lead. Make someone else a lead first.');
      }
      const actor = await activityActor(entryId, actorId, trx);
      await trx.deleteFrom('memberships').where('entry_id', '=', entryId).where('user_id', '=', memberId).execute();
      // No older invitation readmits them, and none they sent admits anyone (issue #10 finding 12).
      await invitations.revokeOnRemoval(trx, { entryId, userId: memberId, at: now() });
      await recordActivity(trx, {
        entryId,
        at: now(),
        actor,
        kind: 'member_removed',
        detail: { userId: memberId, name: await userName(memberId, trx), role: current },
      });
    });
    events.publish('membershipChanged', { entryId, userId: memberId, role: null });
  }

  return {
    roleOf,
    statusOf,
    finalistOpenOf,
    sectionLimitsOf,
    activityActor,
    authorise,
    createEntry,
    listMembers,
    changeRole,
    removeMember,
  };
}
