import {
  can,
  type EntrySettingsBody,
  type EntrySettingsDto,
  ErrorCode,
  type SuggestChangeBody,
  type SuggestedChangeDto,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import type { ActorWrite } from '../collab/ActorWrite.ts';
import { EntryNotWritableError } from '../collab/docStore.ts';
import type { Database } from '../db/schema.ts';
import { setEntryFlag } from '../entries/entryFlags.ts';
import { loadEntry, withEntryLocked } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, forbidden, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { sectionOf } from '../review/reviewEntry.ts';
import { planSuggestedChange } from './planSuggestedChange.ts';

export type ViewerSuggestionService = ReturnType<typeof createViewerSuggestionService>;

export type ViewerSuggestionDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  events: EventBus;
  /** Makes a change on the entry's live document on a person's behalf (collab's `RoomManager.writeAs`). */
  writeAs(entryId: string, write: Omit<ActorWrite, 'settle'>): Promise<void>;
  now?: () => number;
};

const submitted = () =>
  conflict(
    ErrorCode.entrySubmitted,
    'This entry has been submitted, so its text cannot change. A lead must reopen it first.',
  );

/**
 * A viewer may suggest (issue 14 item 3, C-SUGGEST-5): a lead's choice per
 * entry. The viewer's socket stays read-only (C-WRITE-1); the server writes
 * the suggestion's marks itself, attributed to them, so nothing a viewer
 * sends is ever applied to the document as it came.
 */
export function createViewerSuggestionService(deps: ViewerSuggestionDeps) {
  const { db, entries, events } = deps;
  const now = deps.now ?? Date.now;

  /** PATCH /api/entries/:id/settings: leads only; a submitted entry's settings are as closed as its text. */
  async function updateSettings(entryId: string, userId: string, body: EntrySettingsBody): Promise<EntrySettingsDto> {
    const changed = await withEntryLocked(db, entryId, async (trx, status) => {
      await entries.authorise(entryId, userId, 'manageMembers', trx);
      if (status === 'submitted') throw submitted();
      if (!(await setEntryFlag(trx, entryId, 'viewers_may_suggest', body.viewersMaySuggest))) return false;
      await recordActivity(trx, {
        entryId,
        at: now(),
        actor: await entries.activityActor(entryId, userId, trx),
        kind: 'entry_settings_changed',
        detail: { viewersMaySuggest: body.viewersMaySuggest },
      });
      return true;
    });
    if (changed) events.publish('entryChanged', { entryId, kind: 'settings' });
    return { viewersMaySuggest: body.viewersMaySuggest };
  }

  /**
   * POST …/sections/:sectionId/suggestions: viewers when the entry allows it, contributors and leads
   * always. Answers once the marks are stored and relayed (every open page then shows them).
   */
  async function suggest(
    entryId: string,
    sectionId: string,
    userId: string,
    body: SuggestChangeBody,
  ): Promise<SuggestedChangeDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    const { status, template } = await loadEntry(db, entryId);
    const section = sectionOf(template, sectionId);
    if (!can(role, 'edit')) {
      const row = await db
        .selectFrom('entries')
        .select('viewers_may_suggest')
        .where('id', '=', entryId)
        .executeTakeFirst();
      if (!row?.viewers_may_suggest)
        throw forbidden('A lead has not allowed viewers to suggest changes to this entry.');
    }
    if (status === 'submitted') throw submitted();
    const suggestionId = generateId();
    try {
      await deps.writeAs(entryId, {
        actor,
        plan: (doc) =>
          planSuggestedChange(doc, { ...body, sectionId, suggestionId, wordLimit: section.wordLimit ?? null }),
      });
    } catch (err) {
      if (err instanceof EntryNotWritableError) throw submitted();
      throw err;
    }
    return { id: suggestionId, sectionId };
  }

  return { updateSettings, suggest };
}
