import { findCategory, isCustomCategoryId } from '@jointly/templates';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Who may see and use a custom category (issue 17 item 1, README "Custom
 * categories"): confirmed members of the organisation that made it, and,
 * once it is shared with partners, confirmed members of any organisation
 * that shares an entry with that organisation (both have a member on one
 * entry). A pending member (issue 15) sees only the shipped categories: a
 * name typed at sign-up proves nothing. Members of an entry read their
 * entry's category through the entry, whoever made it.
 */
export type CategoryViewer = { userId: string; organisationId: string; confirmed: boolean };

export async function viewerOf(db: Kysely<Database>, userId: string): Promise<CategoryViewer | null> {
  const row = await db
    .selectFrom('users')
    .select(['organisation_id', 'organisation_status'])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row
    ? { userId, organisationId: row.organisation_id, confirmed: row.organisation_status === 'confirmed' }
    : null;
}

/** Organisations that share an entry with `organisationId` (itself left out). */
export function partnersOf(db: Kysely<Database>, organisationId: string) {
  return db
    .selectFrom('memberships as theirs')
    .innerJoin('memberships as ours', 'ours.entry_id', 'theirs.entry_id')
    .select('theirs.organisation_id')
    .where('ours.organisation_id', '=', organisationId)
    .where('theirs.organisation_id', '!=', organisationId)
    .distinct();
}

/** The custom categories (their rows) the viewer may see: their organisation's, and shared partners'. */
export function visibleCategories(db: Kysely<Database>, viewer: CategoryViewer) {
  return db
    .selectFrom('custom_categories')
    .where((eb) =>
      viewer.confirmed
        ? eb.or([
            eb('custom_categories.owner_organisation_id', '=', viewer.organisationId),
            eb.and([
              eb('custom_categories.shared_with_partners', '=', 1),
              eb('custom_categories.owner_organisation_id', 'in', partnersOf(db, viewer.organisationId)),
            ]),
          ])
        : sql<boolean>`1 = 0`,
    );
}

/**
 * Whether a new entry may be made on this category id: any shipped one; a
 * custom one only in its current version and only for a viewer who may see it.
 */
export async function mayUseCategory(db: Kysely<Database>, categoryId: string, userId: string): Promise<boolean> {
  if (findCategory(categoryId)) return true;
  if (!isCustomCategoryId(categoryId)) return false;
  const viewer = await viewerOf(db, userId);
  if (!viewer) return false;
  const row = await visibleCategories(db, viewer)
    .select('custom_categories.id')
    .where('custom_categories.current_version_id', '=', categoryId)
    .executeTakeFirst();
  return row !== undefined;
}
