import { FILES_PER_ITEM_MAX } from '@jointly/shared';

/**
 * Edits of an item's list of file ids (`files`, `consent.forms`), as new
 * arrays: the document holds the list as one plain value, so every edit
 * writes the whole list, kept within the schema (distinct, at most
 * FILES_PER_ITEM_MAX).
 */
export function appendFileId(ids: readonly string[], id: string): string[] {
  if (ids.includes(id) || ids.length >= FILES_PER_ITEM_MAX) return [...ids];
  return [...ids, id];
}

/** Moves a file one place up (-1) or down (+1); at either end nothing changes. */
export function moveFileId(ids: readonly string[], id: string, step: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const moved = [...ids];
  moved[from] = ids[to]!;
  moved[to] = id;
  return moved;
}

/** Puts `replacement` where `id` was (an upload of the same file again leaves one copy). */
export function replaceFileId(ids: readonly string[], id: string, replacement: string): string[] {
  if (!ids.includes(id)) return appendFileId(ids, replacement);
  return ids.map((each) => (each === id ? replacement : each)).filter((each, i, all) => all.indexOf(each) === i);
}

export function removeFileId(ids: readonly string[], id: string): string[] {
  return ids.filter((each) => each !== id);
}
