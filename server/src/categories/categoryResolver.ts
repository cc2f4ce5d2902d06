import { type CategoryTemplate, categoryTemplateSchema, findCategory, isCustomCategoryId } from '@jointly/templates';
import type { Kysely } from 'kysely';
import { CUSTOM_CATEGORY_CACHE_ENTRIES } from '../categoryConfig.ts';
import type { Database } from '../db/schema.ts';

/**
 * The one place the server finds an entry's category (issue 17 item 1):
 * shipped templates from @jointly/templates, custom ones from the database.
 * A custom category's version is never changed once stored (a change stores
 * a new version under a new id), so a version read by id may be kept in
 * memory by every process: no process can hold a stale copy, in embedded or
 * scaled mode. Only the parsed versions are cached, newest use last.
 */
const cache = new Map<string, CategoryTemplate>();

function remember(template: CategoryTemplate): CategoryTemplate {
  cache.delete(template.id);
  cache.set(template.id, template);
  while (cache.size > CUSTOM_CATEGORY_CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return template;
}

/** Parses a stored version (written by categories/, checked when written). */
export function parseStoredTemplate(json: string): CategoryTemplate {
  return categoryTemplateSchema.parse(JSON.parse(json));
}

/** The category of this id, shipped or custom (any version), or undefined. No permission check: callers do that. */
export async function resolveCategory(
  executor: Kysely<Database>,
  categoryId: string,
): Promise<CategoryTemplate | undefined> {
  const shipped = findCategory(categoryId);
  if (shipped) return shipped;
  if (!isCustomCategoryId(categoryId)) return undefined;
  const cached = cache.get(categoryId);
  if (cached) return remember(cached);
  const row = await executor
    .selectFrom('custom_category_versions')
    .select('template')
    .where('id', '=', categoryId)
    .executeTakeFirst();
  return row ? remember(parseStoredTemplate(row.template)) : undefined;
}

/** The template of an entry's stored category id; an unknown one is a server fault, not the caller's. */
export async function templateOf(
  executor: Kysely<Database>,
  entryId: string,
  categoryId: string,
): Promise<CategoryTemplate> {
  const template = await resolveCategory(executor, categoryId);
  if (!template) throw new Error(`entry ${entryId} has unknown category ${categoryId}`);
  return template;
}

/**
 * For a list read in one query: resolves each distinct category once, then
 * answers synchronously, as `templateOf` would, for the rows' ids.
 */
export async function templatesOf(
  executor: Kysely<Database>,
  categoryIds: readonly string[],
): Promise<(entryId: string, categoryId: string) => CategoryTemplate> {
  const distinct = [...new Set(categoryIds)];
  const found = new Map(
    await Promise.all(distinct.map(async (id) => [id, await resolveCategory(executor, id)] as const)),
  );
  return (entryId, categoryId) => {
    const template = found.get(categoryId);
    if (!template) throw new Error(`entry ${entryId} has unknown category ${categoryId}`);
    return template;
  };
}
