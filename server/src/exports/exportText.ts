import type { ExportEntryMeta } from './exportModel.ts';

/** "Context and evolution — 312 / 400 words": the title judges see above each answer. */
export function sectionHeading(section: { title: string; words: number; wordLimit: number }): string {
  return `${section.title} — ${section.words} / ${section.wordLimit} words`;
}

/** "HSJ Partnership Awards — Long Term Partnership with the NHS", and the version when one was chosen. */
export function subtitleOf(entry: ExportEntryMeta): string {
  const base = `${entry.programme} — ${entry.categoryName}`;
  return entry.version ? `${base} (submitted version ${entry.version})` : base;
}

/** Which text this is: "Submitted version 2" (a chosen version, or the current one while submitted), else "Draft". */
export function versionText(entry: ExportEntryMeta): string {
  const version = entry.version ?? entry.submittedVersion ?? null;
  return version ? `Submitted version ${version}` : 'Draft';
}

/** "A, B and C". */
function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What every page's footer says besides its number (I11-16): the entry, which
 * version, and the partner organisations, so a page printed alone is still known.
 */
export function footerText(entry: ExportEntryMeta): string {
  return [entry.title, versionText(entry), listNames(entry.organisations)].filter((part) => part !== '').join(' — ');
}

/** "Page 3 of 12". */
export const pageOf = (page: number, pages: number) => `Page ${page} of ${pages}`;
