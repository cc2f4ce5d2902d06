import { NOT_FOR_PUBLICATION_TEXT } from '@jointly/shared';

/**
 * What an export says of its entry on every page: exportModel's
 * EntryHeading is one (this folder stands below the exports that use it).
 */
export type EntryHeading = {
  title: string;
  programme: string;
  categoryName: string;
  /** The submitted version rendered, or null for the current document. */
  version?: number | null;
  /** The version the current document was submitted as, while the entry is submitted. */
  submittedVersion?: number | null;
  /** The partner organisations' names, lead first. */
  organisations: readonly string[];
  /** A lead marked the entry not for publication (issue 17 item 5): every footer says so first. */
  notForPublication?: boolean;
};

/** "Context and evolution — 312 / 400 words": the title judges see above each answer. */
export function sectionHeading(section: { title: string; words: number; wordLimit: number }): string {
  return `${section.title} — ${section.words} / ${section.wordLimit} words`;
}

/** "HSJ Partnership Awards — Long Term Partnership with the NHS", and the version when one was chosen. */
export function subtitleOf(entry: EntryHeading): string {
  const base = `${entry.programme} — ${entry.categoryName}`;
  return entry.version ? `${base} (submitted version ${entry.version})` : base;
}

/** Which text this is: "Submitted version 2" (a chosen version, or the current one while submitted), else "Draft". */
export function versionText(entry: EntryHeading): string {
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
 * "NOT FOR PUBLICATION" comes first when a lead marked the entry so (issue 17
 * item 5): a footer too long for its line is cut at its end, never there.
 */
export function footerText(entry: EntryHeading): string {
  return [
    entry.notForPublication ? NOT_FOR_PUBLICATION_TEXT : '',
    entry.title,
    versionText(entry),
    listNames(entry.organisations),
  ]
    .filter((part) => part !== '')
    .join(' — ');
}

/** "Page 3 of 12". */
export const pageOf = (page: number, pages: number) => `Page ${page} of ${pages}`;
