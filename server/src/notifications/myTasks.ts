import type { TaskDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { templatesOf } from '../categories/categoryResolver.ts';
import type { Database } from '../db/schema.ts';
import { isoTime, utcDate } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';

/** An assignment counts as due from this many days before its date. */
export const TASK_DUE_SOON_DAYS = 7;
/** Most entries one person's endorsement tasks are worked out for (each reads the entry's summary). */
export const TASK_ENDORSEMENT_ENTRIES_MAX = 100;

export type MyTasksDeps = {
  db: Kysely<Database>;
  /** True when every section is approved as it stands and `organisationId`'s endorsement is not current. */
  endorsementWaiting(entryId: string, categoryId: string, organisationId: string): Promise<boolean>;
  now: () => number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "My tasks" (issue 14 item 5), computed on each read, never stored: due and
 * overdue sections assigned to the person, sections ready for review in
 * entries they lead, and entries waiting for their organisation's
 * endorsement. Draft entries they are a member of only.
 */
export async function myTasks(deps: MyTasksDeps, userId: string): Promise<TaskDto[]> {
  const { db } = deps;
  const today = utcDate(deps.now());
  const soon = utcDate(deps.now() + TASK_DUE_SOON_DAYS * DAY_MS);
  const [assigned, requests, led] = await Promise.all([
    db
      .selectFrom('section_assignees')
      .innerJoin('section_assignments', (join) =>
        join
          .onRef('section_assignments.entry_id', '=', 'section_assignees.entry_id')
          .onRef('section_assignments.section_id', '=', 'section_assignees.section_id'),
      )
      .innerJoin('memberships', (join) =>
        join
          .onRef('memberships.entry_id', '=', 'section_assignees.entry_id')
          .onRef('memberships.user_id', '=', 'section_assignees.user_id'),
      )
      .innerJoin('entries', 'entries.id', 'section_assignees.entry_id')
      .select([
        'entries.id as entryId',
        'entries.title as title',
        'entries.category_id as categoryId',
        'section_assignees.section_id as sectionId',
        'section_assignments.due_date as dueDate',
      ])
      .where('section_assignees.user_id', '=', userId)
      .where('entries.status', '=', 'draft')
      .where('section_assignments.due_date', 'is not', null)
      .where('section_assignments.due_date', '<=', soon)
      .orderBy('section_assignments.due_date')
      .execute(),
    db
      .selectFrom('review_requests')
      .innerJoin('memberships', 'memberships.entry_id', 'review_requests.entry_id')
      .innerJoin('entries', 'entries.id', 'review_requests.entry_id')
      .leftJoin('memberships as requester', (join) =>
        join
          .onRef('requester.entry_id', '=', 'review_requests.entry_id')
          .onRef('requester.user_id', '=', 'review_requests.requested_by'),
      )
      .leftJoin('users', 'users.id', 'review_requests.requested_by')
      .leftJoin('organisations', 'organisations.id', 'requester.organisation_id')
      .select([
        'entries.id as entryId',
        'entries.title as title',
        'entries.category_id as categoryId',
        'review_requests.section_id as sectionId',
        'review_requests.requested_by as requestedBy',
        'review_requests.requested_at as requestedAt',
        'users.name as name',
        'requester.organisation_id as organisationId',
        'organisations.name as organisationName',
      ])
      .where('memberships.user_id', '=', userId)
      .where('memberships.role', '=', 'lead')
      .where('entries.status', '=', 'draft')
      .orderBy('review_requests.requested_at')
      .execute(),
    db
      .selectFrom('memberships')
      .innerJoin('entries', 'entries.id', 'memberships.entry_id')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .select([
        'entries.id as entryId',
        'entries.title as title',
        'entries.category_id as categoryId',
        'organisations.id as organisationId',
        'organisations.name as organisationName',
      ])
      .where('memberships.user_id', '=', userId)
      .where('memberships.role', '=', 'lead')
      .where('entries.status', '=', 'draft')
      .orderBy('entries.created_at', 'desc')
      .limit(TASK_ENDORSEMENT_ENTRIES_MAX)
      .execute(),
  ]);
  // Every category a section title is read from: the assigned sections' and the review requests'.
  const templateOf = await templatesOf(
    deps.db,
    [...assigned, ...requests].map((row) => row.categoryId),
  );
  const sectionTitle = (entryId: string, categoryId: string, sectionId: string) =>
    templateOf(entryId, categoryId).sections.find((s) => s.id === sectionId)?.title ?? sectionId;
  const tasks: TaskDto[] = [];
  for (const row of assigned) {
    const dueDate = row.dueDate as string;
    tasks.push({
      kind: 'assignment_due',
      entry: { id: row.entryId, title: row.title },
      section: { id: row.sectionId, title: sectionTitle(row.entryId, row.categoryId, row.sectionId) },
      dueDate,
      state: dueDate < today ? 'overdue' : 'due',
      href: `/entries/${row.entryId}/sections/${row.sectionId}`,
    });
  }
  for (const row of requests) {
    tasks.push({
      kind: 'review_requested',
      entry: { id: row.entryId, title: row.title },
      section: { id: row.sectionId, title: sectionTitle(row.entryId, row.categoryId, row.sectionId) },
      requestedBy: actorOf({
        userId: row.requestedBy,
        name: row.name,
        organisationId: row.organisationId,
        organisationName: row.organisationName,
      }),
      requestedAt: isoTime(row.requestedAt),
      href: `/entries/${row.entryId}/sections/${row.sectionId}`,
    });
  }
  // Issue 15: an unconfirmed member cannot endorse, so is not asked to; an organisation admin is
  // asked to confirm the people waiting for them.
  const me = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.organisation_status as status',
      'users.organisation_role as role',
      'organisations.id as organisationId',
      'organisations.name as organisationName',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  const waiting = await Promise.all(
    led.map((row) =>
      me?.status === 'confirmed' ? deps.endorsementWaiting(row.entryId, row.categoryId, row.organisationId) : false,
    ),
  );
  led.forEach((row, i) => {
    if (!waiting[i]) return;
    tasks.push({
      kind: 'endorsement_needed',
      entry: { id: row.entryId, title: row.title },
      organisation: { id: row.organisationId, name: row.organisationName },
      href: `/entries/${row.entryId}`,
    });
  });
  if (me?.role === 'admin' && me.status === 'confirmed') {
    const pending = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('organisation_id', '=', me.organisationId)
      .where('organisation_status', '=', 'pending')
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const count = Number(pending.n);
    if (count > 0) {
      tasks.push({
        kind: 'members_to_confirm',
        organisation: { id: me.organisationId, name: me.organisationName },
        count,
        href: '/organisation',
      });
    }
  }
  return tasks;
}
