import { type CategoryTemplate, findCategory } from '@jointly/templates';
import { useEffect, useState } from 'react';
import { getEntryCategory } from '../api/categoriesApi.ts';

/**
 * The entry's award category (issue 17 item 1): a shipped one from the
 * templates package at once; a custom one read once through its entry
 * (`GET /api/entries/:id/category`). A custom category's version never
 * changes, so one read per id serves every component and the whole visit.
 */
const customCategories = new Map<string, Promise<CategoryTemplate>>();

function loadCustom(entryId: string, categoryId: string): Promise<CategoryTemplate> {
  let pending = customCategories.get(categoryId);
  if (!pending) {
    pending = getEntryCategory(entryId);
    // A failed read is tried again next time rather than remembered.
    pending.catch(() => customCategories.delete(categoryId));
    customCategories.set(categoryId, pending);
  }
  return pending;
}

/**
 * The category, or null while a custom one loads (or could not be read: coverage is then not shown).
 * `ask` false (the entry's connection stopped: the person was removed, or signed out) asks the
 * server nothing, as the rest of the entry page then does.
 */
export function useEntryCategory(entry: { id: string; categoryId: string }, ask = true): CategoryTemplate | null {
  const shipped = findCategory(entry.categoryId) ?? null;
  const [custom, setCustom] = useState<CategoryTemplate | null>(null);
  useEffect(() => {
    if (shipped || !ask) return;
    let current = true;
    loadCustom(entry.id, entry.categoryId).then(
      (template) => {
        if (current) setCustom(template);
      },
      () => {},
    );
    return () => {
      current = false;
    };
  }, [entry.id, entry.categoryId, shipped, ask]);
  return shipped ?? (custom?.id === entry.categoryId ? custom : null);
}
