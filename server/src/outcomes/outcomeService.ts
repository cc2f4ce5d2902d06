import {
  type EntryOutcomeBody,
  type EntryOutcomeDto,
  type EntryOutcomeStateDto,
  ErrorCode,
  type OutcomeStage,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import type { Database } from '../db/schema.ts';
import { withEntryLocked } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict } from '../http/HttpError.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup } from '../people/actorOf.ts';

export type OutcomeService = ReturnType<typeof createOutcomeService>;

/**
 * After submitting (issue 17 item 4): what became of the entry on the award's
 * own portal and the judges' feedback. Every member reads it (404 for anyone
 * else); only a lead records it (403), and only once the entry has a submitted
 * version (409 `no_submitted_version`). A recording replaces the last one; the
 * activity feed keeps each change of stage or date, in the same transaction.
 */
export function createOutcomeService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  events: EventBus;
  now?: () => number;
}) {
  const { db, entries, events } = deps;
  const now = deps.now ?? Date.now;

  async function hasSubmittedVersion(executor: Kysely<Database>, entryId: string): Promise<boolean> {
    const row = await executor
      .selectFrom('submissions')
      .select('id')
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async function outcomeOf(executor: Kysely<Database>, entryId: string): Promise<EntryOutcomeDto | null> {
    const row = await executor
      .selectFrom('entry_outcomes')
      .selectAll()
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    if (!row) return null;
    const actor = await actorLookup(executor, [
      { userId: row.recorded_by, organisationId: row.recorded_by_organisation_id },
    ]);
    return {
      stage: row.stage as OutcomeStage,
      portalSubmittedOn: row.portal_submitted_on,
      feedback: row.feedback,
      recordedBy: actor(row.recorded_by, row.recorded_by_organisation_id),
      recordedAt: isoTime(row.recorded_at),
    };
  }

  /** GET /api/entries/:id/outcome: any member. */
  async function get(entryId: string, userId: string): Promise<EntryOutcomeStateDto> {
    await entries.authorise(entryId, userId, 'read');
    const [outcome, submitted] = await Promise.all([outcomeOf(db, entryId), hasSubmittedVersion(db, entryId)]);
    return { outcome, hasSubmittedVersion: submitted };
  }

  /** PUT /api/entries/:id/outcome: leads, on an entry with a submitted version (submitted now or reopened since). */
  async function record(entryId: string, userId: string, body: EntryOutcomeBody): Promise<EntryOutcomeDto> {
    const feedback = body.feedback.trim();
    const recorded = await withEntryLocked(db, entryId, async (trx) => {
      await entries.authorise(entryId, userId, 'signOff', trx);
      if (!(await hasSubmittedVersion(trx, entryId))) {
        throw conflict(
          ErrorCode.noSubmittedVersion,
          'Submit the entry in Jointly before recording what happened to it after submitting.',
        );
      }
      const actor = await entries.activityActor(entryId, userId, trx);
      if (!actor) throw new Error('an authorised member has no membership row');
      const before = await trx
        .selectFrom('entry_outcomes')
        .select(['stage', 'portal_submitted_on', 'feedback'])
        .where('entry_id', '=', entryId)
        .executeTakeFirst();
      const values = {
        stage: body.stage,
        portal_submitted_on: body.portalSubmittedOn,
        feedback,
        recorded_by: userId,
        recorded_by_organisation_id: actor.organisationId,
        recorded_at: now(),
      };
      await trx
        .insertInto('entry_outcomes')
        .values({ entry_id: entryId, ...values })
        .onConflict((oc) => oc.column('entry_id').doUpdateSet(values))
        .execute();
      const changed =
        before?.stage !== body.stage ||
        before.portal_submitted_on !== body.portalSubmittedOn ||
        before.feedback !== feedback;
      if (changed) {
        await recordActivity(trx, {
          entryId,
          at: values.recorded_at,
          actor,
          kind: 'outcome_recorded',
          detail: {
            stage: body.stage,
            portalSubmittedOn: body.portalSubmittedOn,
            feedbackChanged: before?.feedback !== feedback,
          },
        });
      }
      return outcomeOf(trx, entryId);
    });
    // Committed: open pages read it again (C-EVENT-2), in every process.
    events.publish('entryChanged', { entryId, kind: 'outcome' });
    return recorded!;
  }

  return { get, record };
}
