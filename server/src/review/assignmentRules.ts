import { type AssignmentWarning, can, ErrorCode, type Role } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';

/**
 * What an assignment may say (issue 11 item 14). An assignment asks someone to write a section,
 * so it may only name members who can write it: a viewer is refused (409 `assignee_cannot_write`,
 * nothing stored) rather than given work their read-only socket cannot do. A due date already
 * past is allowed (a lead records a late section as it is) but answered with a warning, since it
 * is more often a typo and the section shows as overdue at once.
 */

/** 409 unless every one of `userIds` may edit the entry; the issue names the first who may not. */
export async function requireWriters(
  executor: Kysely<Database>,
  entryId: string,
  field: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await executor
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id as userId', 'memberships.role as role', 'users.name as name'])
    .where('memberships.entry_id', '=', entryId)
    .where('memberships.user_id', 'in', [...new Set(userIds)])
    .execute();
  const byId = new Map(rows.map((row) => [row.userId, row]));
  const index = userIds.findIndex((id) => {
    const member = byId.get(id);
    return member !== undefined && !can(member.role as Role, 'edit');
  });
  if (index < 0) return;
  const name = byId.get(userIds[index] as string)?.name ?? 'This person';
  const message = `${name} is a viewer and cannot write in the entry. Make them a contributor first, or assign someone else.`;
  throw new HttpError(409, ErrorCode.assigneeCannotWrite, message, [{ path: `${field}.${index}`, message }]);
}

/** The warnings a saved assignment is answered with: `due_date_in_past` before today (UTC). */
export function assignmentWarnings(input: { dueDate: string | null }, today: string): AssignmentWarning[] {
  return input.dueDate !== null && input.dueDate < today ? ['due_date_in_past'] : [];
}
