import type { SelectQueryBuilder } from 'kysely';

/**
 * Bounds what one export reads: each list at most `max` rows (one more is read to know it was cut
 * short), and every list cut short named, so the file says it is incomplete instead of being silently so.
 */
export type RowBudget = {
  readonly max: number;
  readonly truncated: string[];
  rows<DB, TB extends keyof DB, O>(name: string, query: SelectQueryBuilder<DB, TB, O>): Promise<O[]>;
};

export function createRowBudget(max: number): RowBudget {
  const truncated: string[] = [];
  return {
    max,
    truncated,
    async rows<DB, TB extends keyof DB, O>(name: string, query: SelectQueryBuilder<DB, TB, O>): Promise<O[]> {
      const rows = (await query.limit(max + 1).execute()) as O[];
      if (rows.length <= max) return rows;
      truncated.push(name);
      return rows.slice(0, max);
    },
  };
}
