/**
 * Custom categories (issue 17 item 1, migration 0018, categories/), kept beside schema.ts (which
 * lists them in `Database`) so that file stays within the size limit.
 */

/** A category an organisation made: what may change about it. */
export type CustomCategoryTable = {
  id: string;
  owner_organisation_id: string;
  /** The id (`custom-…`) of its newest version: the one listed and used for new entries. */
  current_version_id: string;
  current_version: number;
  /** 1: organisations sharing an entry with the owner may see and use it. */
  shared_with_partners: number;
  created_by: string;
  created_at: number;
  updated_at: number;
};

/** One version of a custom category, never updated: entries made on it keep it. */
export type CustomCategoryVersionTable = {
  /** The category id an entry stores (`custom-` and a random id). */
  id: string;
  /** The custom_categories row it is a version of. */
  category_id: string;
  version: number;
  /** The template as JSON, in the shipped files' format, its `id` this row's id. */
  template: string;
  created_by: string;
  created_at: number;
};
