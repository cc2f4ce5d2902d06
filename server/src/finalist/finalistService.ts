import {
  type ActorDto,
  DEFAULT_WORDS_PER_MINUTE,
  ErrorCode,
  type FinalistStageBody,
  type FinalistStageDto,
  REHEARSAL_NOTES_MAX,
  type RehearsalNoteBody,
  type RehearsalNoteDto,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { withEntryLocked } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import { finalistStageOpen } from '../entries/finalistStageOpen.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, HttpError } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup } from '../people/actorOf.ts';

export type FinalistService = ReturnType<typeof createFinalistService>;

/**
 * The finalist stage (issue 17 item 4): open while the entry's recorded
 * outcome is "finalist". Every member reads it (404 for anyone else); a lead
 * sets the time limit, the pace and the presenters, chosen from the entry's
 * members in any organisation (403 for others); leads and contributors add
 * dated rehearsal notes (403 for viewers). Changes while the stage is not open
 * are 409 `finalist_stage_closed`, and change nothing.
 */
export function createFinalistService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  events: EventBus;
  now?: () => number;
}) {
  const { db, entries, events } = deps;
  const now = deps.now ?? Date.now;

  const isOpen = finalistStageOpen;

  function closed(): HttpError {
    return conflict(
      ErrorCode.finalistStageClosed,
      'The finalist stage opens when a lead records the outcome “Finalist”.',
    );
  }

  async function read(executor: Kysely<Database>, entryId: string): Promise<FinalistStageDto> {
    const [open, stage, presenterRows, noteRows] = await Promise.all([
      isOpen(executor, entryId),
      executor.selectFrom('finalist_stages').selectAll().where('entry_id', '=', entryId).executeTakeFirst(),
      // Presenters who are still members, with the organisation they are a member for.
      executor
        .selectFrom('finalist_presenters')
        .innerJoin('memberships', (join) =>
          join
            .onRef('memberships.entry_id', '=', 'finalist_presenters.entry_id')
            .onRef('memberships.user_id', '=', 'finalist_presenters.user_id'),
        )
        .select(['finalist_presenters.user_id', 'memberships.organisation_id'])
        .where('finalist_presenters.entry_id', '=', entryId)
        .orderBy('finalist_presenters.position')
        .execute(),
      executor
        .selectFrom('rehearsal_notes')
        .selectAll()
        .where('entry_id', '=', entryId)
        .orderBy('rehearsed_on', 'desc')
        .orderBy('created_at', 'desc')
        .execute(),
    ]);
    const actor = await actorLookup(executor, [
      ...presenterRows.map((row) => ({ userId: row.user_id, organisationId: row.organisation_id })),
      ...noteRows.map((row) => ({ userId: row.author_id, organisationId: row.author_organisation_id })),
    ]);
    const presenters: ActorDto[] = presenterRows.map((row) => actor(row.user_id, row.organisation_id));
    const notes: RehearsalNoteDto[] = noteRows.map((row) => ({
      id: row.id,
      rehearsedOn: row.rehearsed_on,
      note: row.note,
      author: actor(row.author_id, row.author_organisation_id),
      createdAt: isoTime(row.created_at),
    }));
    return {
      open,
      timeLimitMinutes: stage?.time_limit_minutes ?? null,
      wordsPerMinute: stage?.words_per_minute ?? DEFAULT_WORDS_PER_MINUTE,
      presenters,
      notes,
    };
  }

  /** GET /api/entries/:id/finalist: any member. */
  async function get(entryId: string, userId: string): Promise<FinalistStageDto> {
    await entries.authorise(entryId, userId, 'read');
    return read(db, entryId);
  }

  /** PUT /api/entries/:id/finalist: leads, while the stage is open. Presenters must be members of the entry. */
  async function update(entryId: string, userId: string, body: FinalistStageBody): Promise<FinalistStageDto> {
    const stage = await withEntryLocked(db, entryId, async (trx) => {
      await entries.authorise(entryId, userId, 'signOff', trx);
      if (!(await isOpen(trx, entryId))) throw closed();
      const members =
        body.presenterIds.length === 0
          ? []
          : await trx
              .selectFrom('memberships')
              .select('user_id')
              .where('entry_id', '=', entryId)
              .where('user_id', 'in', body.presenterIds)
              .execute();
      const memberIds = new Set(members.map((row) => row.user_id));
      const strangers = body.presenterIds.flatMap((id, index) => (memberIds.has(id) ? [] : [index]));
      if (strangers.length > 0) {
        throw new HttpError(
          400,
          ErrorCode.validation,
          'Choose presenters from the entry’s members.',
          strangers.map((index) => ({ path: `presenterIds.${index}`, message: 'Not a member of this entry' })),
        );
      }
      const values = {
        time_limit_minutes: body.timeLimitMinutes,
        words_per_minute: body.wordsPerMinute,
        updated_by: userId,
        updated_at: now(),
      };
      await trx
        .insertInto('finalist_stages')
        .values({ entry_id: entryId, ...values })
        .onConflict((oc) => oc.column('entry_id').doUpdateSet(values))
        .execute();
      await trx.deleteFrom('finalist_presenters').where('entry_id', '=', entryId).execute();
      if (body.presenterIds.length > 0) {
        await trx
          .insertInto('finalist_presenters')
          .values(body.presenterIds.map((id, position) => ({ entry_id: entryId, user_id: id, position })))
          .execute();
      }
      return read(trx, entryId);
    });
    events.publish('entryChanged', { entryId, kind: 'finalist' });
    return stage;
  }

  /** POST /api/entries/:id/finalist/notes: leads and contributors, while the stage is open. */
  async function addNote(entryId: string, userId: string, body: RehearsalNoteBody): Promise<RehearsalNoteDto> {
    const note = await withEntryLocked(db, entryId, async (trx) => {
      await entries.authorise(entryId, userId, 'edit', trx);
      if (!(await isOpen(trx, entryId))) throw closed();
      const count = await trx
        .selectFrom('rehearsal_notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entry_id', '=', entryId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= REHEARSAL_NOTES_MAX) {
        throw conflict(ErrorCode.finalistStageClosed, `An entry keeps at most ${REHEARSAL_NOTES_MAX} rehearsal notes.`);
      }
      const actor = await entries.activityActor(entryId, userId, trx);
      if (!actor) throw new Error('an authorised member has no membership row');
      const row = {
        id: generateId(),
        entry_id: entryId,
        author_id: userId,
        author_organisation_id: actor.organisationId,
        rehearsed_on: body.rehearsedOn,
        note: body.note.trim(),
        created_at: now(),
      };
      await trx.insertInto('rehearsal_notes').values(row).execute();
      const name = await actorLookup(trx, [{ userId, organisationId: actor.organisationId }]);
      return {
        id: row.id,
        rehearsedOn: row.rehearsed_on,
        note: row.note,
        author: name(userId, actor.organisationId),
        createdAt: isoTime(row.created_at),
      };
    });
    events.publish('entryChanged', { entryId, kind: 'finalist' });
    return note;
  }

  return { get, update, addNote };
}
