import type { ActorDto, SavedSectionAssignmentDto, SectionAssignmentDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import { utcDate } from '../isoTime.ts';
import { FORMER_USER } from '../people/actorOf.ts';
import { assignmentWarnings, requireWriters } from './assignmentRules.ts';
import { assignmentState } from './assignmentState.ts';
import type { CommentNotifier } from './commentNotifications.ts';
import { requireMembers } from './entryMembers.ts';
import { entryRow, sectionOf } from './reviewEntry.ts';

export type SectionAssignmentsDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  /** People newly assigned are notified (issue 14 item 5). */
  notifications: CommentNotifier;
  now: () => number;
};

/**
 * Section assignments with due dates (PRODUCT §3 journey 6): leads assign,
 * every member reads; the entry view shows them through `sectionAssignments`.
 */
export function createSectionAssignments(deps: SectionAssignmentsDeps) {
  const { db, entries, now } = deps;

  /** The assignment of each of `sectionIds` (unassigned ones included), in that order. No access check. */
  async function sectionAssignments(entryId: string, sectionIds: readonly string[]): Promise<SectionAssignmentDto[]> {
    const [rows, assignees] = await Promise.all([
      db.selectFrom('section_assignments').select(['section_id', 'due_date']).where('entry_id', '=', entryId).execute(),
      db
        .selectFrom('section_assignees')
        .innerJoin('memberships', (join) =>
          join
            .onRef('memberships.entry_id', '=', 'section_assignees.entry_id')
            .onRef('memberships.user_id', '=', 'section_assignees.user_id'),
        )
        .innerJoin('users', 'users.id', 'section_assignees.user_id')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select([
          'section_assignees.section_id as sectionId',
          'users.id as userId',
          'users.name as name',
          'organisations.id as organisationId',
          'organisations.name as organisationName',
        ])
        .where('section_assignees.entry_id', '=', entryId)
        .orderBy('memberships.created_at')
        .execute(),
    ]);
    const dueDates = new Map(rows.map((row) => [row.section_id, row.due_date]));
    const bySection = new Map<string, ActorDto[]>();
    for (const row of assignees) {
      const list = bySection.get(row.sectionId) ?? [];
      list.push({
        userId: row.userId,
        name: row.name,
        organisation: { id: row.organisationId, name: row.organisationName },
      });
      bySection.set(row.sectionId, list);
    }
    const today = utcDate(now());
    return sectionIds.map((sectionId) => {
      const people = bySection.get(sectionId) ?? [];
      const dueDate = dueDates.get(sectionId) ?? null;
      return { sectionId, assignees: people, dueDate, state: assignmentState(dueDate, people.length, today) };
    });
  }

  async function listAssignments(entryId: string, userId: string): Promise<SectionAssignmentDto[]> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await entryRow(db, entryId);
    return sectionAssignments(
      entryId,
      template.sections.map((s) => s.id),
    );
  }

  /**
   * Replaces the section's assignment; an empty list clears it. Leads only; assignees must be
   * members who can write (assignmentRules.ts); a past due date is kept, with a warning.
   */
  async function assignSection(
    entryId: string,
    sectionId: string,
    userId: string,
    input: { assigneeUserIds: string[]; dueDate: string | null },
  ): Promise<SavedSectionAssignmentDto> {
    await entries.authorise(entryId, userId, 'assignSections');
    const { template } = await entryRow(db, entryId);
    const section = sectionOf(template, sectionId);
    const assigneeIds = [...new Set(input.assigneeUserIds)];
    const at = now();
    const notified = await db.transaction().execute(async (trx) => {
      const members = await requireMembers(trx, entryId, 'assigneeUserIds', input.assigneeUserIds);
      const before = await trx
        .selectFrom('section_assignees')
        .select('user_id')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
      await requireWriters(trx, entryId, 'assigneeUserIds', input.assigneeUserIds);
      const actor = await entries.activityActor(entryId, userId, trx);
      await trx
        .deleteFrom('section_assignees')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
      await trx
        .deleteFrom('section_assignments')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
      if (assigneeIds.length > 0) {
        await trx
          .insertInto('section_assignments')
          .values({
            entry_id: entryId,
            section_id: sectionId,
            due_date: input.dueDate,
            assigned_by: userId,
            assigned_at: at,
          })
          .execute();
        await trx
          .insertInto('section_assignees')
          .values(assigneeIds.map((id) => ({ entry_id: entryId, section_id: sectionId, user_id: id })))
          .execute();
      }
      await recordActivity(trx, {
        entryId,
        at,
        actor,
        kind: 'section_assigned',
        detail: {
          sectionId,
          sectionTitle: section.title,
          assignees: assigneeIds.map((id) => ({ userId: id, name: members.get(id)?.name ?? FORMER_USER })),
          dueDate: assigneeIds.length > 0 ? input.dueDate : null,
        },
      });
      // Only those newly assigned: a changed due date alone notifies nobody.
      const assignedBefore = new Set(before.map((row) => row.user_id));
      return deps.notifications.notify(trx, {
        kind: 'assignment',
        entryId,
        sectionId,
        recipients: assigneeIds.filter((id) => !assignedBefore.has(id)),
        actorId: userId,
      });
    });
    deps.notifications.announce(notified);
    const [assignment] = await sectionAssignments(entryId, [sectionId]);
    return { ...assignment!, warnings: assignmentWarnings(input, utcDate(at)) };
  }

  return { sectionAssignments, listAssignments, assignSection };
}
