import { readSuggestions, type SuggestionDto, type SuggestionListDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DocumentSource } from '../documents/documentReader.ts';
import { loadEntry } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import { actorLookup } from '../people/actorOf.ts';

export type SuggestionService = ReturnType<typeof createSuggestionService>;

export type SuggestionDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  documents: DocumentSource;
};

/**
 * Suggesting mode (issue 14 item 3). The suggestions themselves are marks in
 * the shared document; what the server adds is who made each one, recorded
 * from the connection that wrote it (C-SUGGEST-1, `suggestions` table), never
 * from anything in the document.
 */
export function createSuggestionService(deps: SuggestionDeps) {
  const { db, entries, documents } = deps;

  /** The entry's pending suggestions, in document order, each with its recorded author. Any member. */
  async function list(entryId: string, userId: string): Promise<SuggestionListDto> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await loadEntry(db, entryId);
    const sectionIds = template.sections.map((s) => s.id);
    const pending = await documents.readDocument(entryId, (doc) => readSuggestions(doc, sectionIds));
    if (pending.length === 0) return { suggestions: [] };
    const rows = await db
      .selectFrom('suggestions')
      .select(['suggestion_id', 'kind', 'user_id', 'organisation_id', 'created_at'])
      .where('entry_id', '=', entryId)
      .execute();
    const recorded = new Map(rows.map((row) => [`${row.kind}\u0000${row.suggestion_id}`, row]));
    const name = await actorLookup(
      db,
      rows.map((row) => ({ userId: row.user_id, organisationId: row.organisation_id })),
    );
    const suggestions: SuggestionDto[] = pending.map((s) => {
      const row = recorded.get(`${s.kind}\u0000${s.id}`);
      return {
        ...s,
        author: row ? name(row.user_id, row.organisation_id) : null,
        createdAt: row ? Number(row.created_at) : null,
      };
    });
    return { suggestions };
  }

  return { list };
}
