import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const INSERT_CHUNK_ROWS = 500;

export function chunks<T>(values: T[], size = INSERT_CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** What one group commit adds to the log tables. */
export type LogRows = {
  clients: Insertable<Database['doc_clients']>[];
  updates: { entry_id: string; data: Buffer; created_at: number }[];
  contributions: Insertable<Database['contributions']>[];
};

/**
 * Inserts a group commit's client claims, updates and contributions; returns each entry's last
 * new update id. On PostgreSQL, when each table's rows fit one INSERT (every commit under the
 * benchmark's load), the three go in ONE statement (data-modifying CTEs): every round trip made
 * while the entries' log locks are held delays the other processes' commits of the same entries
 * (issue 16). SQLite runs in-process, so it keeps one plain INSERT per table.
 */
export async function insertLogRows(
  trx: Transaction<Database>,
  dialect: 'sqlite' | 'postgres',
  rows: LogRows,
): Promise<Map<string, number>> {
  const lastIds = new Map<string, number>();
  const note = (inserted: { id: number | string; entry_id: string }[]) => {
    for (const row of inserted) lastIds.set(row.entry_id, Math.max(lastIds.get(row.entry_id) ?? 0, Number(row.id)));
  };
  const fitsOne =
    rows.updates.length > 0 &&
    rows.updates.length <= INSERT_CHUNK_ROWS &&
    rows.clients.length <= INSERT_CHUNK_ROWS &&
    rows.contributions.length <= INSERT_CHUNK_ROWS;
  if (dialect === 'postgres' && fitsOne) {
    const clients = rows.clients.length > 0 ? trx.insertInto('doc_clients').values(rows.clients) : null;
    const contributions =
      rows.contributions.length > 0 ? trx.insertInto('contributions').values(rows.contributions) : null;
    const updates = trx.insertInto('doc_updates').values(rows.updates).returning(['id', 'entry_id']);
    // PostgreSQL runs every data-modifying CTE to completion whether or not the outer query reads it.
    const ctes = [clients && sql`c as (${clients})`, contributions && sql`k as (${contributions})`].filter(
      (cte) => cte !== null,
    );
    const statement =
      ctes.length > 0
        ? sql<{
            id: number | string;
            entry_id: string;
          }>`with ${sql.join(ctes)}, u as (${updates}) select id, entry_id from u`
        : sql<{ id: number | string; entry_id: string }>`${updates}`;
    note((await statement.execute(trx)).rows);
    return lastIds;
  }
  for (const part of chunks(rows.clients)) await trx.insertInto('doc_clients').values(part).execute();
  for (const part of chunks(rows.updates)) {
    note(await trx.insertInto('doc_updates').values(part).returning(['id', 'entry_id']).execute());
  }
  for (const part of chunks(rows.contributions)) await trx.insertInto('contributions').values(part).execute();
  return lastIds;
}
