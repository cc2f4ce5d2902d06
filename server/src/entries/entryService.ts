import {
  can,
  type EntryDto,
  type EntryStatus,
  type EntrySummaryDto,
  ErrorCode,
  type MemberDto,
  type OrganisationDto,
  type OrganisationKind,
  type PermissionName,
  type PresenceDto,
  type Role,
  type SectionAssignmentDto,
  type SectionDto,
} from '@jointly/shared';
import { type CategoryTemplate, findCategory } from '@jointly/templates';
import type { Kysely } from 'kysely';
import { DASHBOARD_ENTRIES_AT_ONCE } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/httpError.ts';
import { generateId } from '../ids.ts';
import { revokeOnRemoval, revokeSentBy } from '../invitations/invitationRevocation.ts';
import { recordActivity } from '../activity/activityLog.ts';
import type { SignoffView } from '../signoff/signoffService.ts';

/** What the entry service needs to know about live documents (supplied by the collaboration layer). */
export type DocInsight = {
  /** Words per section id (of those asked), counted from the stored or live document. */
  sectionWords(entryId: string, sectionIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** People with the entry open now. */
  presence(entryId: string): PresenceDto[];
  /** Approvals, hashes and endorsements (the sign-off service); absent in tests that do not need them. */
  signoff?(entryId: string, template: CategoryTemplate): Promise<SignoffView>;
  /** Each section's assignment, in the order asked (the review service); absent in tests that do not need it. */
  assignments?(entryId: string, sectionIds: string[]): Promise<SectionAssignmentDto[]>;
  /** Unmet submit conditions of a draft whose content hashes to `contentHash` (the dashboard's checks failing). */
  checksFailing?(entryId: string, userId: string, contentHash: string): Promise<number>;
};

export type EntryService = ReturnType<typeof createEntryService>;

type EntryRow = {
  id: string;
  title: string;
  category_id: string;
  status: string;
  created_at: number;
  lead_organisation_id: string;
};

const iso = (ms: number) => new Date(ms).toISOString();

export function createEntryService(deps: {
  db: Kysely<Database>;
  events: EventBus;
  insight: DocInsight;
  now?: () => number;
}) {
  const { db, events, insight } = deps;
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

  /** The entry's sections and word limits, from its category template (null: no such entry). */
  async function sectionLimitsOf(entryId: string): Promise<ReadonlyMap<string, number | null> | null> {
    const row = await db.selectFrom('entries').select('category_id').where('id', '=', entryId).executeTakeFirst();
    const template = row ? findCategory(row.category_id) : undefined;
    if (!template) return null;
    return new Map(template.sections.map((section) => [section.id, section.wordLimit]));
  }

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

  async function organisation(id: string): Promise<OrganisationDto> {
    const row = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'kind'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, kind: row.kind as OrganisationKind };
  }

  function templateOf(entry: EntryRow): CategoryTemplate {
    const template = findCategory(entry.category_id);
    if (!template) throw new Error(`entry ${entry.id} has unknown category ${entry.category_id}`);
    return template;
  }

  async function summarise(
    entry: EntryRow,
    role: Role,
    userId: string,
    withChecks = false,
  ): Promise<{ summary: EntrySummaryDto; sections: SectionDto[]; signoff: SignoffView | null }> {
    const template = templateOf(entry);
    const sectionIds = template.sections.map((section) => section.id);
    const [words, signoff, assignments] = await Promise.all([
      insight.sectionWords(entry.id, sectionIds),
      insight.signoff ? insight.signoff(entry.id, template) : null,
      insight.assignments ? insight.assignments(entry.id, sectionIds) : null,
    ]);
    const assignmentOf = new Map(assignments?.map((assignment) => [assignment.sectionId, assignment]));
    const sections: SectionDto[] = template.sections.map((section) => {
      const count = words.get(section.id) ?? 0;
      const state = signoff?.sections.get(section.id);
      const assignment = assignmentOf.get(section.id);
      // S-APPROVE-2: approved for exactly the current content, else changed since approval.
      const status: SectionDto['status'] = state?.approval
        ? state.approval.contentHash === state.contentHash
          ? 'approved'
          : 'changed_since_approval'
        : count > 0
          ? 'in_progress'
          : 'not_started';
      return {
        id: section.id,
        title: section.title,
        summary: section.summary,
        prompts: section.prompts,
        wordLimit: section.wordLimit,
        words: count,
        status,
        ...(state ? { contentHash: state.contentHash, approval: state.approval } : {}),
        ...(assignment ? { assignment } : {}),
      };
    });
    const mine = assignments?.filter((a) => a.assignees.some((person) => person.userId === userId));
    // Only the dashboard asks (the entry page lists the conditions themselves); a submitted entry met them all.
    const checksFailing =
      withChecks && signoff && insight.checksFailing
        ? entry.status === 'draft'
          ? await insight.checksFailing(entry.id, userId, signoff.contentHash)
          : 0
        : null;
    const summary: EntrySummaryDto = {
      id: entry.id,
      title: entry.title,
      categoryId: entry.category_id,
      categoryName: template.name,
      programme: template.programme,
      deadline: template.deadline,
      status: entry.status as EntryStatus,
      role,
      leadOrganisation: await organisation(entry.lead_organisation_id),
      createdAt: iso(entry.created_at),
      progress: {
        sectionCount: sections.length,
        sectionsApproved: sections.filter((s) => s.status === 'approved').length,
        wordsUsed: sections.reduce((sum, s) => sum + s.words, 0),
        wordLimitTotal: sections.reduce((sum, s) => sum + s.wordLimit, 0),
        sectionsOverLimit: sections.filter((s) => s.words > s.wordLimit).length,
      },
      activeNow: insight.presence(entry.id),
      ...(checksFailing !== null ? { checksFailing } : {}),
      ...(mine
        ? {
            assignedToMe: {
              due: mine.filter((a) => a.state === 'due').length,
              overdue: mine.filter((a) => a.state === 'overdue').length,
            },
          }
        : {}),
    };
    return { summary, sections, signoff };
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
      joinedAt: iso(row.joinedAt),
      organisation: {
        id: row.organisationId,
        name: row.organisationName,
        kind: row.organisationKind as OrganisationKind,
      },
    }));
  }

  async function getEntry(entryId: string, userId: string): Promise<EntryDto> {
    const role = await authorise(entryId, userId, 'read');
    const entry = await db.selectFrom('entries').selectAll().where('id', '=', entryId).executeTakeFirstOrThrow();
    const { summary, sections, signoff } = await summarise(entry, role, userId);
    const members = await listMembers(entryId);
    const organisations = new Map<string, OrganisationDto>();
    for (const member of members) organisations.set(member.organisation.id, member.organisation);
    return {
      ...summary,
      sections,
      members,
      organisations: [...organisations.values()],
      ...(signoff ? { contentHash: signoff.contentHash, endorsements: signoff.endorsements } : {}),
    };
  }

  async function listEntries(userId: string): Promise<EntrySummaryDto[]> {
    const rows = await db
      .selectFrom('entries')
      .innerJoin('memberships', 'memberships.entry_id', 'entries.id')
      .selectAll('entries')
      .select('memberships.role as role')
      .where('memberships.user_id', '=', userId)
      .orderBy('entries.created_at', 'desc')
      .execute();
    // A few entries at a time, not all at once: thousands of queries queued together on one SQLite
    // connection cost its lock quadratic wake-ups (issue 10 finding 8: 1,000 entries took seconds).
    const summaries: EntrySummaryDto[] = new Array(rows.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < rows.length; index = next++) {
        const row = rows[index]!;
        summaries[index] = (await summarise(row, row.role as Role, userId, true)).summary;
      }
    };
    await Promise.all(Array.from({ length: Math.min(DASHBOARD_ENTRIES_AT_ONCE, rows.length) }, worker));
    return summaries;
  }

  async function createEntry(
    input: { title: string; categoryId: string },
    creator: { userId: string; organisationId: string },
  ): Promise<string> {
    if (!findCategory(input.categoryId)) {
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

  /**
   * Runs a membership change in a transaction that first locks the entry's
   * row, so concurrent changes to one entry run one after another: two leads
   * demoting or removing each other cannot both pass the last-lead check.
   */
  function withEntryLocked<T>(entryId: string, change: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('entries')
        .set((eb) => ({ status: eb.ref('status') }))
        .where('id', '=', entryId)
        .execute();
      return change(trx);
    });
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
    return row?.name ?? 'Former user';
  }

  async function changeRole(entryId: string, actorId: string, memberId: string, role: Role): Promise<MemberDto> {
    await withEntryLocked(entryId, async (trx) => {
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
      if (current === 'lead' && role !== 'lead') await revokeSentBy(trx, { entryId, userId: memberId, at: now() });
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
    await withEntryLocked(entryId, async (trx) => {
      await authorise(entryId, actorId, 'manageMembers', trx);
      const current = await roleOf(entryId, memberId, trx);
      if (!current) throw notFound('Member');
      if (current === 'lead' && (await leadCount(entryId, trx)) <= 1) {
        throw conflict(ErrorCode.lastLead, 'An entry needs at least one lead. Make someone else a lead first.');
      }
      const actor = await activityActor(entryId, actorId, trx);
      await trx.deleteFrom('memberships').where('entry_id', '=', entryId).where('user_id', '=', memberId).execute();
      // No older invitation readmits them, and none they sent admits anyone (issue #10 finding 12).
      await revokeOnRemoval(trx, { entryId, userId: memberId, at: now() });
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
    sectionLimitsOf,
    activityActor,
    authorise,
    getEntry,
    listEntries,
    createEntry,
    listMembers,
    changeRole,
    removeMember,
  };
}
