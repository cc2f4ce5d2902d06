/**
 * Custom categories' bounds (src/categories, issue 17 item 1), beside config.ts (at its size limit)
 * as its constants are: each with its unit and why that value.
 */
/** Custom category versions kept parsed in memory: a template is a few KiB, so at most a few MiB. */
export const CUSTOM_CATEGORY_CACHE_ENTRIES = 1000;
/** Custom categories one organisation may keep: far more than the awards it enters; past it 409. */
export const CUSTOM_CATEGORIES_PER_ORGANISATION = 200;
/** Versions of one custom category (each change stores one): past it 409, make a new category. */
export const CUSTOM_CATEGORY_MAX_VERSIONS = 100;
