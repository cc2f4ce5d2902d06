import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import { type Notified, type NotifyInput, notifyMembers } from './notifyMembers.ts';

export type NotificationService = ReturnType<typeof createNotificationService>;

export type NotificationDeps = {
  db: Kysely<Database>;
  /** Each recipient's open pages (the bell) are told once the rows are committed. */
  events: Pick<EventBus, 'publish'>;
  now?: () => number;
};

/**
 * Notifications (issue 14 item 5). Other concerns call `notify` with the
 * transaction of what they changed (or the database after its commit);
 * inside a transaction they call `announce` with its result once it committed,
 * so the bell never reads before the rows exist.
 */
export function createNotificationService(deps: NotificationDeps) {
  const { events } = deps;
  const now = deps.now ?? Date.now;

  function announce(notified: Notified): void {
    if (notified.userIds.length > 0) events.publish('notificationsChanged', { userIds: notified.userIds });
  }

  /**
   * Notifies `recipients` (current members of the entry but the actor) of `kind`.
   * With the database (not a transaction) the rows are committed on return and announced at once.
   */
  async function notify(executor: Kysely<Database>, input: NotifyInput): Promise<Notified> {
    const notified = await notifyMembers(executor, input, now());
    if (!executor.isTransaction) announce(notified);
    return notified;
  }

  return { notify, announce };
}
