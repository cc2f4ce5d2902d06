import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The schema graphile-worker keeps its tables in: `graphile_worker` beside our tables in `public`,
 * else named after our schema (`<schema>_graphile_worker`), so deployments (and test runs) that
 * share one PostgreSQL database through `search_path` never run each other's jobs.
 */
export async function jobQueueSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const ours = rows[0]?.schema ?? 'public';
  return ours === 'public' ? 'graphile_worker' : `${ours}_graphile_worker`;
}
