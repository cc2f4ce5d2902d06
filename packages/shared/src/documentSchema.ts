import {
  CONSENT_RECORD_ID_PATTERN,
  CONSENT_USES,
  EVIDENCE_KINDS,
  ITEM_ID_PATTERN,
  TESTIMONIAL_KINDS,
} from './documentItems.ts';
import { EVIDENCE_MAP, type ItemCollection, TESTIMONIALS_MAP } from './documentLayout.ts';
import { FILES_PER_ITEM_MAX, isFileId } from './evidenceFiles.ts';
import { isSafeLinkUrl } from './linkSafety.ts';
import { DELETION_MARK, INSERTION_MARK, isSuggestionMarkValue } from './suggestions.ts';

/**
 * What an entry's Yjs document may hold (PRODUCT §5), as data: the server
 * refuses any update that would leave the document outside it
 * (server/COLLAB_PROTOCOL.md C-SCHEMA-*), and the client's editor schema is
 * tested against it (client/src/editor/documentSchema.test.ts), so nothing
 * one person stores can be dropped, and written back as a deletion, by
 * another person's editor (ProseMirror deletes what does not fit its schema).
 *
 * How y-prosemirror maps the editor onto Yjs: every node but text is a
 * `Y.XmlElement` named after the node type, with the node's non-null
 * attributes as element attributes; runs of text are `Y.XmlText`, whose marks
 * are formatting attributes named after the mark type, valued with the mark's
 * attributes (an object) or null where the mark ends.
 */

/** What an element's children may be. */
export type ChildKind = 'block' | 'inline' | 'listItem' | 'none';

/** An attribute's value check; attributes not listed are refused. */
export type ValueCheck = (value: unknown) => boolean;

export type NodeRule = { children: ChildKind; attrs: Readonly<Record<string, ValueCheck>> };

const isIntegerIn =
  (min: number, max: number): ValueCheck =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isShortText =
  (max: number): ValueCheck =>
  (v) =>
    typeof v === 'string' && v.length <= max;
const isNullOr =
  (check: ValueCheck): ValueCheck =>
  (v) =>
    v === null || check(v);

/** Block nodes: what a section fragment, a blockquote or a list item holds. */
export const BLOCK_NODES: ReadonlySet<string> = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'bulletList',
  'orderedList',
]);
/** Inline nodes other than text (text is a Y.XmlText). */
export const INLINE_NODES: ReadonlySet<string> = new Set(['hardBreak', 'citation']);

/** Every element node the section editor knows, with its children and attributes. */
export const SECTION_NODE_RULES: Readonly<Record<string, NodeRule>> = {
  paragraph: { children: 'inline', attrs: {} },
  // The editor offers levels 3 and 4; any heading level renders, so 1–6 are accepted.
  heading: { children: 'inline', attrs: { level: isIntegerIn(1, 6) } },
  blockquote: { children: 'block', attrs: {} },
  bulletList: { children: 'listItem', attrs: {} },
  orderedList: {
    children: 'listItem',
    attrs: { start: isIntegerIn(0, 1_000_000), type: isNullOr((v) => ['1', 'a', 'A', 'i', 'I'].includes(v as string)) },
  },
  listItem: { children: 'block', attrs: {} },
  hardBreak: { children: 'none', attrs: {} },
  citation: { children: 'none', attrs: { itemId: (v) => typeof v === 'string' && ITEM_ID_PATTERN.test(v) } },
};

const isEmptyMarkValue: ValueCheck = (v) =>
  v === null || v === true || (isPlainObject(v) && Object.keys(v as object).length === 0);

const LINK_ATTRS: Readonly<Record<string, ValueCheck>> = {
  href: (v) => isSafeLinkUrl(v) && (v as string).length <= 2048,
  target: isNullOr((v) => v === '_blank'),
  rel: isNullOr(isShortText(200)),
  class: isNullOr(isShortText(200)),
  title: isNullOr(isShortText(500)),
};

/** Marks (formatting attributes of Y.XmlText): the value is the mark's attributes, or null where it ends. */
export const SECTION_MARK_RULES: Readonly<Record<string, ValueCheck>> = {
  bold: isEmptyMarkValue,
  italic: isEmptyMarkValue,
  link: (v) =>
    v === null ||
    (isPlainObject(v) &&
      typeof (v as { href?: unknown }).href === 'string' &&
      Object.entries(v as Record<string, unknown>).every(([key, value]) => LINK_ATTRS[key]?.(value) === true)),
  // Suggesting mode (issue 14): only the suggestion's id; its author is recorded by the server (C-SUGGEST-1).
  [INSERTION_MARK]: isSuggestionMarkValue,
  [DELETION_MARK]: isSuggestionMarkValue,
};

/** Whether an element of `parentNode` (null: the section fragment itself) may hold a child element `childNode`. */
export function mayHoldElement(parentNode: string | null, childNode: string): boolean {
  const kind: ChildKind = parentNode === null ? 'block' : (SECTION_NODE_RULES[parentNode]?.children ?? 'none');
  switch (kind) {
    case 'block':
      return BLOCK_NODES.has(childNode);
    case 'inline':
      return INLINE_NODES.has(childNode);
    case 'listItem':
      return childNode === 'listItem';
    case 'none':
      return false;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Whether an element of `parentNode` (null: the section fragment) may hold a run of text (Y.XmlText). */
export function mayHoldText(parentNode: string | null): boolean {
  return parentNode !== null && SECTION_NODE_RULES[parentNode]?.children === 'inline';
}

// ---------------------------------------------------------------------------
// Items: testimonials and evidence (documentItems.ts reads them leniently)
// ---------------------------------------------------------------------------

/** Most items a collection may hold (an entry cites a few dozen at most). */
export const ITEMS_PER_COLLECTION_MAX = 500;

const isDateText = isShortText(40);
const isSectionIds: ValueCheck = (v) =>
  Array.isArray(v) && v.length <= 50 && v.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 200);
/** An item's files (`files`, `consent.forms`): distinct file ids, at most FILES_PER_ITEM_MAX, as a plain array. */
const isFileIds: ValueCheck = (v) =>
  Array.isArray(v) && v.length <= FILES_PER_ITEM_MAX && v.every(isFileId) && new Set(v).size === v.length;
const isOneOf =
  (values: readonly string[]): ValueCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v);

const CONSENT_FIELDS: Readonly<Record<string, ValueCheck>> = {
  obtained: (v) => typeof v === 'boolean',
  date: isDateText,
  howRecorded: isShortText(1000),
  uses: (v) => Array.isArray(v) && v.length <= CONSENT_USES.length * 2 && v.every(isOneOf(CONSENT_USES)),
  forms: isFileIds,
};

const isConsent: ValueCheck = (v) =>
  v === null ||
  (isPlainObject(v) &&
    Object.entries(v as Record<string, unknown>).every(([key, value]) => CONSENT_FIELDS[key]?.(value) === true));

/** The most characters each text field of an item may hold (the item forms say so before saving). */
export const ITEM_FIELD_MAX_CHARS = {
  [TESTIMONIALS_MAP]: { quote: 10_000, personName: 300, personRole: 300, personOrganisation: 300 },
  [EVIDENCE_MAP]: { title: 500, baseline: 5_000, result: 5_000, period: 300, source: 2_000 },
} as const satisfies Record<ItemCollection, Record<string, number>>;

/** The fields of each item and their values; a field not listed, or a value of the wrong kind, is refused. */
export const ITEM_FIELD_RULES: Readonly<Record<ItemCollection, Readonly<Record<string, ValueCheck>>>> = {
  [TESTIMONIALS_MAP]: {
    quote: isShortText(ITEM_FIELD_MAX_CHARS[TESTIMONIALS_MAP].quote),
    personName: isShortText(ITEM_FIELD_MAX_CHARS[TESTIMONIALS_MAP].personName),
    personRole: isShortText(ITEM_FIELD_MAX_CHARS[TESTIMONIALS_MAP].personRole),
    personOrganisation: isShortText(ITEM_FIELD_MAX_CHARS[TESTIMONIALS_MAP].personOrganisation),
    kind: isOneOf(TESTIMONIAL_KINDS),
    consent: isConsent,
    // Issue 18 item 1: the server's consent record, by id (null: none; fields-only consent counts).
    consentRecordId: (v) => v === null || (typeof v === 'string' && CONSENT_RECORD_ID_PATTERN.test(v)),
    anonymise: (v) => typeof v === 'boolean',
    date: isDateText,
    sectionIds: isSectionIds,
  },
  [EVIDENCE_MAP]: {
    title: isShortText(ITEM_FIELD_MAX_CHARS[EVIDENCE_MAP].title),
    kind: isOneOf(EVIDENCE_KINDS),
    baseline: isShortText(ITEM_FIELD_MAX_CHARS[EVIDENCE_MAP].baseline),
    result: isShortText(ITEM_FIELD_MAX_CHARS[EVIDENCE_MAP].result),
    period: isShortText(ITEM_FIELD_MAX_CHARS[EVIDENCE_MAP].period),
    date: isDateText,
    source: isShortText(ITEM_FIELD_MAX_CHARS[EVIDENCE_MAP].source),
    sectionIds: isSectionIds,
    files: isFileIds,
  },
};

// ---------------------------------------------------------------------------
// Section size
// ---------------------------------------------------------------------------

/**
 * A section may hold this many characters per word of its limit: about twice
 * what the limit allows in English (words average 5–6 characters with their
 * space), so drafting over the limit and trimming works, while a paste of
 * megabytes is refused before it costs every reader of the entry.
 */
export const SECTION_CHARS_PER_LIMIT_WORD = 12;
/** A section without a word limit may hold this many characters. */
export const SECTION_CHARS_WITHOUT_LIMIT = 50_000;

/** The most characters a section may hold, from its word limit (null: none). */
export function sectionCharLimit(wordLimit: number | null | undefined): number {
  return wordLimit && wordLimit > 0 ? wordLimit * SECTION_CHARS_PER_LIMIT_WORD : SECTION_CHARS_WITHOUT_LIMIT;
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
