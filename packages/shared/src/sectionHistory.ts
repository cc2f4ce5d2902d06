import { z } from 'zod';
import type { ActorDto } from './apiTypes.ts';
import { safeSingleLine } from './safeText.ts';
import type { DiffBlock } from './textDiff.ts';

/**
 * Draft history of a section (issue 14 item 4): versions recorded by the
 * server, never rewritten. `auto` is one person's session of edits, `named`
 * a state someone named, `approval` and `submission` read from sign-off's own
 * records (a section approval, a submitted version of the entry), `restore`
 * the state after someone restored an earlier version.
 */
export const SECTION_VERSION_KINDS = ['auto', 'named', 'approval', 'submission', 'restore'] as const;
export type SectionVersionKind = (typeof SECTION_VERSION_KINDS)[number];

/** The longest version name, in characters ("Sent to trust comms, 3 March"). */
export const VERSION_NAME_MAX_CHARS = 120;

/**
 * A version id: `h<n>` a recorded version, `a<n>` a section approval,
 * `s<n>` submitted version n of the entry. `current` in a compare means the
 * section's text now.
 */
export const sectionVersionId = z.string().regex(/^[has][1-9][0-9]{0,14}$/, 'Not a valid version id');
export const CURRENT_VERSION = 'current';
export const compareSide = z.union([sectionVersionId, z.literal(CURRENT_VERSION)]);

export const nameVersionBody = z.strictObject({
  name: safeSingleLine()
    .trim()
    .min(1, 'Enter a name for this version')
    .max(VERSION_NAME_MAX_CHARS, `Use at most ${VERSION_NAME_MAX_CHARS} characters`),
});
export type NameVersionBody = z.input<typeof nameVersionBody>;

/** Sent after the restoring person's editor wrote the version's content (their own Yjs write). */
export const restoreVersionBody = z.strictObject({ from: sectionVersionId });
export type RestoreVersionBody = z.input<typeof restoreVersionBody>;

/** One version as listed (newest first). */
export type SectionVersionDto = {
  id: string;
  kind: SectionVersionKind;
  /** The name given (named), the submitted version ("Submitted version 2"), or null. */
  name: string | null;
  by: ActorDto;
  at: string;
  words: number;
  contentHash: string;
  /** For a restore: the version whose content was restored. */
  restoredFrom: string | null;
};

export type SectionHistoryDto = {
  sectionId: string;
  versions: SectionVersionDto[];
  /** The section's content hash now, so a page can say which version it equals. */
  currentHash: string;
  /**
   * How many more named and restore versions the section can take (they are never thinned; past
   * the cap naming answers 409): the page checks it before it writes a restore into the text.
   */
  namedVersionsLeft: number;
};

/** One version with its text (citations read "see E1"). */
export type SectionVersionDetailDto = SectionVersionDto & {
  /** Top-level blocks as plain text. */
  blocks: string[];
  /**
   * A Yjs update (base64) of a document holding only `section:<sectionId>`
   * with the version's content: the browser turns it into editor content to
   * restore it.
   */
  state: string;
};

/** What recording a restore answers: the new version, and whether the section now equals its source. */
export type SectionRestoreDto = { version: SectionVersionDto; matchesSource: boolean };

export type SectionCompareDto = {
  sectionId: string;
  from: string;
  to: string;
  fromHash: string;
  toHash: string;
  changed: boolean;
  /** Every block in reading order, an edited block word by word (diffBlocks), citations as labels. */
  blocks: DiffBlock[];
};
