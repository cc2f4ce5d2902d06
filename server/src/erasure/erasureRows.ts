import type { ErasedVersionDto, ErasureDto, ErasureKind } from '@jointly/shared';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup } from '../people/actorOf.ts';

export type ErasureRow = Selectable<Database['erasures']>;

/** The entry's erasures, newest first (or the one with `id`). */
export function selectErasures(db: Kysely<Database>, entryId: string, id?: string): Promise<ErasureRow[]> {
  let query = db.selectFrom('erasures').selectAll().where('entry_id', '=', entryId);
  if (id) query = query.where('id', '=', id);
  return query.orderBy('erased_at', 'desc').orderBy('id').execute();
}

export async function erasureDto(db: Kysely<Database>, rows: readonly ErasureRow[]): Promise<ErasureDto[]> {
  const actor = await actorLookup(
    db,
    rows.flatMap((r) =>
      r.erased_by && r.organisation_id ? [{ userId: r.erased_by, organisationId: r.organisation_id }] : [],
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    kind: r.kind as ErasureKind,
    reason: r.reason,
    erasedBy: r.erased_by && r.organisation_id ? actor(r.erased_by, r.organisation_id) : null,
    erasedAt: isoTime(Number(r.erased_at)),
    fields: JSON.parse(r.fields) as string[],
    consentRecordId: r.consent_record_id,
    filesRemoved: Number(r.files_removed),
    versions: JSON.parse(r.versions) as ErasedVersionDto[],
  }));
}
