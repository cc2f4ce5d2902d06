import type { Transaction } from 'kysely';
import type { EntryBatch, SuggestionAuthorInput } from '../collab/docStore.ts';
import type { Database } from '../db/schema.ts';
import { type Notified, notifyMembers } from '../notifications/notifyMembers.ts';

/** Rows per INSERT (7 parameters each), well under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_INSERT = 500;

type Row = {
  entry_id: string;
  suggestion_id: string;
  kind: string;
  section_id: string;
  user_id: string;
  organisation_id: string;
  created_at: number;
};

/**
 * Records who wrote each suggestion mark of these stored batches
 * (C-SUGGEST-1), in the transaction that stores them: the first writer of an
 * (entry, id, kind) is its author, and a later write of the same id, by that
 * person or anyone else, changes nothing (C-SUGGEST-2). The people whose text
 * a new suggestion changes are notified in the same transaction (kind
 * `suggestion`); the caller announces them once the transaction committed.
 */
export async function recordSuggestionAuthors(trx: Transaction<Database>, batches: EntryBatch[]): Promise<Notified> {
  const notified = new Set<string>();
  const inputs = new Map<string, SuggestionAuthorInput>();
  const rows: Row[] = [];
  for (const { entryId, batch } of batches) {
    for (const s of batch.suggestions ?? []) {
      inputs.set(`${entryId}\u0000${s.kind}\u0000${s.suggestionId}`, s);
      rows.push({
        entry_id: entryId,
        suggestion_id: s.suggestionId,
        kind: s.kind,
        section_id: s.sectionId,
        user_id: s.userId,
        organisation_id: s.organisationId,
        created_at: s.createdAt,
      });
    }
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const created = await trx
      .insertInto('suggestions')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.columns(['entry_id', 'suggestion_id', 'kind']).doNothing())
      .returning(['entry_id', 'suggestion_id', 'kind'])
      .execute();
    for (const row of created) {
      const input = inputs.get(`${row.entry_id}\u0000${row.kind}\u0000${row.suggestion_id}`);
      if (!input) continue;
      for (const userId of (await notifyTextWriters(trx, row.entry_id, input)).userIds) notified.add(userId);
    }
  }
  return { userIds: [...notified] };
}

/** Tells the owners of the text a suggestion changes (but its author) that it was made. */
async function notifyTextWriters(
  trx: Transaction<Database>,
  entryId: string,
  s: SuggestionAuthorInput,
): Promise<Notified> {
  const clientIds = s.textClientIds ?? [];
  if (clientIds.length === 0) return { userIds: [] };
  const owners = await trx
    .selectFrom('doc_clients')
    .select('user_id')
    .where('entry_id', '=', entryId)
    .where('client_id', 'in', clientIds)
    .execute();
  return notifyMembers(
    trx,
    {
      kind: 'suggestion',
      entryId,
      sectionId: s.sectionId,
      recipients: owners.map((o) => o.user_id),
      actorId: s.userId,
      ref: s.suggestionId,
    },
    s.createdAt,
  );
}
