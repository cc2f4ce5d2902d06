import { ErrorCode } from '@jointly/shared';
import {
  type CategoryTemplate,
  CUSTOM_CATEGORY_ID_PREFIX,
  type CustomCategoryDto,
  checkCustomCategory,
} from '@jointly/templates';
import type { Kysely } from 'kysely';
import { CUSTOM_CATEGORIES_PER_ORGANISATION, CUSTOM_CATEGORY_MAX_VERSIONS } from '../categoryConfig.ts';
import type { Database } from '../db/schema.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { parseStoredTemplate } from './categoryResolver.ts';
import { type CategoryViewer, viewerOf, visibleCategories } from './customCategoryAccess.ts';

export type CustomCategoryService = ReturnType<typeof createCustomCategoryService>;

/**
 * Custom categories (issue 17 item 1): made by a confirmed member of an
 * organisation, from the form or an imported file, checked by the shipped
 * templates' schema. Versioned: a change stores a new version under a new id
 * and the category's newest version is the one listed and used for new
 * entries; an entry keeps the version it was made on, so no change can take
 * a section from under an entry's document.
 */
export function createCustomCategoryService(deps: { db: Kysely<Database>; now?: () => number }) {
  const { db } = deps;
  const now = deps.now ?? Date.now;

  async function viewer(userId: string): Promise<CategoryViewer> {
    const found = await viewerOf(db, userId);
    if (!found) throw notFound('Category');
    return found;
  }

  /** The visible category of any of its version ids, with that version. */
  function visibleVersions(who: CategoryViewer) {
    return visibleCategories(db, who)
      .innerJoin('custom_category_versions as v', 'v.category_id', 'custom_categories.id')
      .innerJoin('organisations', 'organisations.id', 'custom_categories.owner_organisation_id')
      .select([
        'custom_categories.id as familyId',
        'custom_categories.owner_organisation_id as ownerId',
        'custom_categories.current_version_id as currentId',
        'custom_categories.shared_with_partners as shared',
        'organisations.name as ownerName',
        'v.id as id',
        'v.version as version',
        'v.template as template',
      ]);
  }
  type VersionRow = { ownerId: string; ownerName: string; shared: number; version: number; template: string };

  function present(row: VersionRow, who: CategoryViewer): CustomCategoryDto {
    return {
      ...parseStoredTemplate(row.template),
      custom: true,
      ownerOrganisationId: row.ownerId,
      ownerOrganisationName: row.ownerName,
      version: row.version,
      sharedWithPartners: row.shared === 1,
      mayEdit: who.confirmed && who.organisationId === row.ownerId,
    };
  }

  async function find(categoryId: string, who: CategoryViewer) {
    const row = await visibleVersions(who).where('v.id', '=', categoryId).executeTakeFirst();
    if (!row) throw notFound('Category');
    return row;
  }

  function checked(raw: unknown, id: string): CategoryTemplate {
    const result = checkCustomCategory(raw, id);
    if (result.ok) return result.template;
    const [first] = result.problems;
    const count = result.problems.length;
    throw new HttpError(
      400,
      ErrorCode.validation,
      `${count} problem${count === 1 ? '' : 's'} in the category${first ? `, first ${first.path}: ${first.message}` : ''}.`,
      result.problems,
    );
  }

  /** The newest version of every custom category the caller may see, by name. */
  async function list(userId: string): Promise<CustomCategoryDto[]> {
    const who = await viewer(userId);
    const rows = await visibleVersions(who)
      .whereRef('v.id', '=', 'custom_categories.current_version_id')
      .orderBy('custom_categories.created_at')
      .execute();
    return rows.map((row) => present(row, who));
  }

  async function get(categoryId: string, userId: string): Promise<CustomCategoryDto> {
    const who = await viewer(userId);
    return present(await find(categoryId, who), who);
  }

  /** The template exactly as a category file holds it (importing it makes a new category). */
  async function exportTemplate(categoryId: string, userId: string): Promise<CategoryTemplate> {
    return parseStoredTemplate((await find(categoryId, await viewer(userId))).template);
  }

  async function create(userId: string, raw: unknown, shared: boolean): Promise<CustomCategoryDto> {
    const who = await viewer(userId);
    if (!who.confirmed) throw forbidden('Only confirmed members of an organisation can make categories for it.');
    const id = `${CUSTOM_CATEGORY_ID_PREFIX}${generateId()}`;
    const template = checked(raw, id);
    const at = now();
    await db.transaction().execute(async (trx) => {
      const count = await trx
        .selectFrom('custom_categories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_organisation_id', '=', who.organisationId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= CUSTOM_CATEGORIES_PER_ORGANISATION) {
        throw conflict(
          ErrorCode.conflict,
          `An organisation can keep at most ${CUSTOM_CATEGORIES_PER_ORGANISATION} categories of its own.`,
        );
      }
      const familyId = generateId();
      await trx
        .insertInto('custom_categories')
        .values({
          id: familyId,
          owner_organisation_id: who.organisationId,
          current_version_id: id,
          current_version: 1,
          shared_with_partners: shared ? 1 : 0,
          created_by: userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('custom_category_versions')
        .values({
          id,
          category_id: familyId,
          version: 1,
          template: JSON.stringify(template),
          created_by: userId,
          created_at: at,
        })
        .execute();
    });
    return get(id, userId);
  }

  /** The owner's confirmed members only; anyone else who can see it 403, the rest 404. */
  async function editable(categoryId: string, userId: string) {
    const who = await viewer(userId);
    const row = await find(categoryId, who);
    if (!present(row, who).mayEdit) throw forbidden('Only members of the organisation that made it can change it.');
    return row;
  }

  /** Stores a new version; `categoryId` must be the newest (409 when someone saved one since). */
  async function update(
    categoryId: string,
    userId: string,
    raw: unknown,
    shared?: boolean,
  ): Promise<CustomCategoryDto> {
    const row = await editable(categoryId, userId);
    if (row.currentId !== categoryId) throw staleVersion();
    if (row.version >= CUSTOM_CATEGORY_MAX_VERSIONS) {
      throw conflict(
        ErrorCode.conflict,
        `A category keeps at most ${CUSTOM_CATEGORY_MAX_VERSIONS} versions: export it and import it as a new one.`,
      );
    }
    const id = `${CUSTOM_CATEGORY_ID_PREFIX}${generateId()}`;
    const template = checked(raw, id);
    const at = now();
    await db.transaction().execute(async (trx) => {
      // Only from the version the caller saw: of two changes at once, the second is refused.
      const moved = await trx
        .updateTable('custom_categories')
        .set({
          current_version_id: id,
          current_version: row.version + 1,
          updated_at: at,
          ...(shared === undefined ? {} : { shared_with_partners: shared ? 1 : 0 }),
        })
        .where('id', '=', row.familyId)
        .where('current_version_id', '=', categoryId)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw staleVersion();
      await trx
        .insertInto('custom_category_versions')
        .values({
          id,
          category_id: row.familyId,
          version: row.version + 1,
          template: JSON.stringify(template),
          created_by: userId,
          created_at: at,
        })
        .execute();
    });
    return get(id, userId);
  }

  async function setSharing(categoryId: string, userId: string, shared: boolean): Promise<CustomCategoryDto> {
    const row = await editable(categoryId, userId);
    await db
      .updateTable('custom_categories')
      .set({ shared_with_partners: shared ? 1 : 0, updated_at: now() })
      .where('id', '=', row.familyId)
      .execute();
    return get(categoryId, userId);
  }

  return { list, get, exportTemplate, create, update, setSharing };
}

function staleVersion(): HttpError {
  return conflict(
    ErrorCode.conflict,
    'This category has been changed since you opened it. Open its newest version and make your change again.',
  );
}
