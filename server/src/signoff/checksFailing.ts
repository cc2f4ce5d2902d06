import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The dashboard's "checks failing" (PRODUCT §3 journey 8, I11-17): how many
 * submit conditions are unmet, counted by the same code that refuses a
 * submission (signoffService.submitConditions), kept per entry until
 * something they depend on changes. They depend on the document (its content
 * hash: sections and items) and on approvals, endorsements and membership,
 * each of which writes a line to the entry's activity feed; so the count is
 * kept while the content hash and the entry's last activity id are unchanged,
 * and the dashboard costs one indexed lookup per entry shown, not a reading
 * of every condition.
 */
export type ChecksFailing = ReturnType<typeof createChecksFailing>;

export function createChecksFailing(deps: {
  db: Kysely<Database>;
  /** The unmet submit conditions now (the sign-off service's count). */
  count(entryId: string, userId: string): Promise<number>;
  maxEntries: number;
  /**
   * What else the count depends on that writes no activity line: the date, since a consent record
   * expires on one (issue 18); null for none.
   */
  day?: () => string;
}) {
  const cache = new Map<string, { key: string; count: number }>();
  let counted = 0;

  async function lastActivityId(entryId: string): Promise<number> {
    const row = await deps.db
      .selectFrom('activity')
      .select((eb) => eb.fn.max<number | null>('id').as('last'))
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  /** The count for the entry whose document now hashes to `contentHash`. */
  async function checksFailing(entryId: string, userId: string, contentHash: string): Promise<number> {
    // The key is read before counting: a change made meanwhile gives a new key, so it is never hidden.
    const key = `${contentHash}\n${await lastActivityId(entryId)}\n${deps.day?.() ?? ''}`;
    const cached = cache.get(entryId);
    if (cached?.key === key) {
      cache.delete(entryId);
      cache.set(entryId, cached);
      return cached.count;
    }
    const count = await deps.count(entryId, userId);
    counted++;
    cache.delete(entryId);
    cache.set(entryId, { key, count });
    if (cache.size > deps.maxEntries) cache.delete(cache.keys().next().value as string);
    return count;
  }

  return {
    checksFailing,
    /** Counts made since start (tests: what the cache did not answer). */
    get counted(): number {
      return counted;
    },
  };
}
