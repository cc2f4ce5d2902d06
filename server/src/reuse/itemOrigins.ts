import type { ItemOriginDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';

/**
 * The origins of an entry's items that came from another entry (table `item_origins`, issue 17
 * item 3), by item id. People are named from their accounts now (a deleted one reads "Former
 * member of <organisation>"); the organisation's name falls back to the one recorded at the copy.
 */
export async function itemOriginsOf(db: Kysely<Database>, entryId: string): Promise<Map<string, ItemOriginDto>> {
  const rows = await db
    .selectFrom('item_origins')
    .leftJoin('users as contributor', 'contributor.id', 'item_origins.contributed_by')
    .leftJoin('organisations as contributorOrg', 'contributorOrg.id', 'item_origins.contributed_by_organisation_id')
    .leftJoin('users as copier', 'copier.id', 'item_origins.copied_by')
    .leftJoin('organisations as copierOrg', 'copierOrg.id', 'item_origins.copied_by_organisation_id')
    .selectAll('item_origins')
    .select([
      'contributor.name as contributorName',
      'contributorOrg.name as contributorOrganisationName',
      'copier.name as copierName',
      'copierOrg.name as copierOrganisationName',
    ])
    .where('item_origins.entry_id', '=', entryId)
    .execute();
  return new Map(
    rows.map((row) => [
      row.item_id,
      {
        firstContributedBy:
          row.contributed_by === null
            ? null
            : actorOf({
                userId: row.contributed_by,
                name: row.contributorName,
                organisationId: row.contributed_by_organisation_id,
                organisationName: row.contributorOrganisationName ?? row.contributed_by_organisation_name,
              }),
        entry: { id: row.origin_entry_id, title: row.origin_entry_title },
        via: row.via === 'library' ? 'library' : 'copy',
        copiedBy: actorOf({
          userId: row.copied_by,
          name: row.copierName,
          organisationId: row.copied_by_organisation_id,
          organisationName: row.copierOrganisationName,
        }),
        copiedAt: isoTime(Number(row.copied_at)),
      } satisfies ItemOriginDto,
    ]),
  );
}
