import type { PublicationBody, PublicationDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import type { Database } from '../db/schema.ts';
import { setEntryFlag } from '../entries/entryFlags.ts';
import { withEntryLocked } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';

export type PublicationService = ReturnType<typeof createPublicationService>;

/**
 * "Not for publication" (issue 17 item 5): a lead marks an entry so that
 * every export's footer says NOT FOR PUBLICATION (exports/writing/exportText.ts).
 * It changes no content, so it may be set on a submitted entry too (that is
 * when the exports go out). Every member reads it as `notForPublication` of
 * `GET /api/entries/:id`; non-members get 404, members who are not leads 403.
 */
export function createPublicationService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  events: EventBus;
  now?: () => number;
}) {
  const { db, entries, events } = deps;
  const now = deps.now ?? Date.now;

  async function update(entryId: string, userId: string, body: PublicationBody): Promise<PublicationDto> {
    const changed = await withEntryLocked(db, entryId, async (trx) => {
      await entries.authorise(entryId, userId, 'signOff', trx);
      if (!(await setEntryFlag(trx, entryId, 'not_for_publication', body.notForPublication))) return false;
      await recordActivity(trx, {
        entryId,
        at: now(),
        actor: await entries.activityActor(entryId, userId, trx),
        kind: 'publication_changed',
        detail: { notForPublication: body.notForPublication },
      });
      return true;
    });
    // Open pages read the entry again (C-EVENT-2), whose notForPublication they show.
    if (changed) events.publish('entryChanged', { entryId, kind: 'settings' });
    return { notForPublication: body.notForPublication };
  }

  return { update };
}
