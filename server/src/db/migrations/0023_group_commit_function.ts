import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

/*
 * PostgreSQL only: a group commit in ONE round trip (issue 16). Called as a single `select` in
 * autocommit by collab/appendInOneCall.ts, it does what BEGIN, the lock statement, the write
 * statement and COMMIT did in four: every entry's log lock in a fixed order, the entries' rows
 * share-locked and their status checked (C-SCALE-7), each entry's last id before the commit
 * (relay gap detection), then the inserts. An entry that does not take writes raises JW001: the
 * statement rolls back whole and the caller runs the commit step by step, which decides per batch.
 *
 * Created unqualified, so it lands in the schema the connection selects (tests and the bench run
 * each in a schema of their own, through `search_path`), and called unqualified; its tables are
 * found through the caller's `search_path` too.
 */
const CREATE = sql`
create function jointly_append_group(
  p_entry_ids text[],
  p_writable text[],
  p_update_entries text[],
  p_update_data bytea[],
  p_update_created bigint[],
  p_contributions json
) returns table (entry text, previous_id bigint, last_id bigint)
language plpgsql volatile as $fn$
declare
  v_id text;
  v_status text;
begin
  -- The same order as lockEntryLogs (text's default collation), so that commits of overlapping
  -- entries, and compactions, queue rather than deadlock.
  foreach v_id in array (select coalesce(array_agg(x order by x), '{}') from unnest(p_entry_ids) as x) loop
    perform pg_advisory_xact_lock(hashtextextended(v_id, 0));
  end loop;
  -- A submission holds the entry's row exclusively until it commits; FOR SHARE waits for it and
  -- returns the row as committed, so a batch never lands after the submitted state was read.
  -- A document without an entry row (store tests) takes writes.
  for v_status in select e.status from entries e where e.id = any(p_entry_ids) for share of e loop
    if not (v_status = any(p_writable)) then
      raise exception 'jointly: an entry of the group commit takes no writes (%)', v_status using errcode = 'JW001';
    end if;
  end loop;
  -- A volatile function's statements each take a new snapshot: this one, after the locks were
  -- granted, sees every commit of these entries before ours, and the rows it inserts are not
  -- among the last ids it reads (one snapshot per statement).
  return query
  with prev as (
    select v.id, coalesce(
      (select max(u.id) from doc_updates u where u.entry_id = v.id),
      (select s.last_update_id from doc_snapshots s where s.entry_id = v.id),
      0)::bigint as last
    from unnest(p_entry_ids) as v(id)
  ),
  k as (
    insert into contributions (entry_id, user_id, organisation_id, sections, items, created_at)
    select c.v->>'entry_id', c.v->>'user_id', c.v->>'organisation_id', c.v->>'sections', c.v->>'items',
      (c.v->>'created_at')::bigint
    from json_array_elements(coalesce(p_contributions, '[]')) with ordinality as c(v, n)
    order by c.n
  ),
  ins as (
    insert into doc_updates (entry_id, data, created_at)
    select r.entry_id, r.data, r.created_at
    from unnest(p_update_entries, p_update_data, p_update_created) with ordinality as r(entry_id, data, created_at, n)
    order by r.n
    returning doc_updates.id, doc_updates.entry_id
  )
  select prev.id, prev.last, (select max(ins.id) from ins where ins.entry_id = prev.id)::bigint from prev;
end
$fn$`;

export default function migration({ blob }: ColumnTypes): Migration {
  const postgres = blob === 'bytea';
  return {
    async up(db: Kysely<unknown>) {
      if (postgres) await CREATE.execute(db);
    },
  };
}
