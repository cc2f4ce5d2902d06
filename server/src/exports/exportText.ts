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
