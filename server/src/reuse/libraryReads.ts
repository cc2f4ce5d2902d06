import type { ItemCollection, LibraryItemDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup } from '../people/actorOf.ts';

/**
 * The caller's organisation's library items (those of `ids`, or all, newest first), each with
 * the entries it has been added to: an entry the caller is not a member of is listed without its
 * title (`entry: null`), so the library tells where an item went without opening other entries.
 */
export async function libraryItemsOf(
  db: Kysely<Database>,
  caller: { userId: string; organisationId: string },
  ids?: readonly string[],
): Promise<LibraryItemDto[]> {
  let query = db.selectFrom('library_items').selectAll().where('organisation_id', '=', caller.organisationId);
  if (ids) query = query.where('id', 'in', ids.length > 0 ? [...ids] : ['']);
  const items = await query.orderBy('added_at', 'desc').orderBy('id').execute();
  if (items.length === 0) return [];
  const uses = await db
    .selectFrom('library_item_uses')
    .innerJoin('entries', 'entries.id', 'library_item_uses.entry_id')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.entry_id', '=', 'library_item_uses.entry_id')
        .on('memberships.user_id', '=', caller.userId),
    )
    .select([
      'library_item_uses.library_item_id as libraryItemId',
      'library_item_uses.entry_id as entryId',
      'library_item_uses.item_id as itemId',
      'library_item_uses.used_by as usedBy',
      'library_item_uses.used_at as usedAt',
      'entries.title as title',
      'memberships.user_id as member',
    ])
    .where(
      'library_item_uses.library_item_id',
      'in',
      items.map((item) => item.id),
    )
    .orderBy('library_item_uses.used_at')
    .execute();
  const people = [
    ...items.flatMap((item) => [
      { userId: item.added_by, organisationId: item.organisation_id },
      ...(item.contributed_by ? [{ userId: item.contributed_by, organisationId: item.organisation_id }] : []),
    ]),
    ...uses.map((use) => ({ userId: use.usedBy, organisationId: caller.organisationId })),
  ];
  const actor = await actorLookup(db, people);
  return items.map((item) => {
    const fields = JSON.parse(item.fields) as Record<string, unknown>;
    const summary = String((item.collection === 'testimonials' ? fields.quote : fields.title) ?? '');
    return {
      id: item.id,
      collection: item.collection as ItemCollection,
      summary,
      fields,
      source: { entryId: item.source_entry_id, entryTitle: item.source_entry_title, itemId: item.source_item_id },
      firstContributedBy: item.contributed_by ? actor(item.contributed_by, item.organisation_id) : null,
      addedBy: actor(item.added_by, item.organisation_id),
      addedAt: isoTime(Number(item.added_at)),
      uses: uses
        .filter((use) => use.libraryItemId === item.id)
        .map((use) => ({
          entry: use.member ? { id: use.entryId, title: use.title } : null,
          itemId: use.itemId,
          usedBy: actor(use.usedBy, caller.organisationId),
          usedAt: isoTime(Number(use.usedAt)),
        })),
    };
  });
}
