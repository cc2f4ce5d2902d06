import type { NotificationKind } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { generateId } from '../ids.ts';

/** What happened, to whom: the argument of `notifications.notify`. */
export type NotifyInput = {
  kind: NotificationKind;
  entryId: string;
  /** The section it is about, when any (the link goes to its anchor). */
  sectionId?: string | null;
  /** Candidate recipients; the actor and anyone not a current member of the entry are left out. */
  recipients: readonly string[];
  /** Who did it: never notified of their own act. */
  actorId: string;
  /** The comment (or thread, suggestion) it is about, when any; at most 64 characters. */
  ref?: string | null;
};

/** Who was notified: hand it to `announce` once the transaction that wrote the rows has committed. */
export type Notified = { userIds: string[] };

/** Most recipients of one notification: an entry's members are bounded, this bounds a caller's mistake. */
export const MAX_NOTIFY_RECIPIENTS = 500;

/**
 * Writes one notification row per recipient through `executor` (a transaction
 * of the change it is about, or the database right after its commit). Only
 * current members of the entry, never the actor, each person once.
 */
export async function notifyMembers(executor: Kysely<Database>, input: NotifyInput, at: number): Promise<Notified> {
  const candidates = [...new Set(input.recipients)].filter((id) => id !== input.actorId);
  if (candidates.length === 0) return { userIds: [] };
  if (candidates.length > MAX_NOTIFY_RECIPIENTS) throw new Error('notify: too many recipients');
  if (input.ref != null && input.ref.length > 64) throw new Error('notify: ref longer than 64 characters');
  const members = await executor
    .selectFrom('memberships')
    .select('user_id')
    .where('entry_id', '=', input.entryId)
    .where('user_id', 'in', candidates)
    .execute();
  const userIds = candidates.filter((id) => members.some((m) => m.user_id === id));
  if (userIds.length === 0) return { userIds };
  await executor
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        id: generateId(),
        user_id: userId,
        entry_id: input.entryId,
        section_id: input.sectionId ?? null,
        kind: input.kind,
        actor_id: input.actorId,
        ref: input.ref ?? null,
        created_at: at,
        read_at: null,
        email_claim: null,
        emailed_at: null,
      })),
    )
    .execute();
  return { userIds };
}
