import { CITATION_NODE, citationItemId, contentDelta, xmlChildren } from '@jointly/shared';
import * as Y from 'yjs';
import { cleanText, safeLinkHref } from './safeText.ts';

/**
 * A section's rich text as the exports render it: the editor's schema
 * (client/src/editor/sectionEditorExtensions.ts) and nothing else.
 *
 * The section's `Y.XmlFragment` holds whatever any client wrote, and a client
 * can bypass the editor (RELIABILITY I61), so this reader keeps only what it
 * knows: the known nodes in the places the schema allows them, the known marks
 * and attributes, links with http, https or mailto URLs. An unknown node is
 * dropped with everything inside it; an unknown attribute or mark is ignored.
 */

/** A run of text with its marks, a line break, or a citation of an exhibit. */
export type Run =
  | { kind: 'text'; text: string; bold: boolean; italic: boolean; link: string | null }
  | { kind: 'break' }
  | {
      kind: 'citation';
      itemId: string | null;
      /** The exhibit label ("E3"), or null when the cited item does not exist (now). */
      label: string | null;
      /** What the citation reads as: "see E3", or "see [missing exhibit]". */
      text: string;
    };

export type HeadingLevel = 3 | 4;

export type Block =
  | { type: 'heading'; level: HeadingLevel; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; blocks: Block[] };

/** Resolves a cited item id to its exhibit label ("E3"), or null when the item does not exist. */
export type ExhibitLookup = (itemId: string) => string | null;

/** Nesting deeper than this (lists in quotes in lists …) is dropped: the editor never makes it. */
export const MAX_DEPTH = 12;
const MAX_ORDERED_START = 100_000;

export const MISSING_EXHIBIT_TEXT = 'see [missing exhibit]';

export function readSectionBlocks(fragment: Y.XmlFragment, exhibits: ExhibitLookup): Block[] {
  return readBlocks(fragment, exhibits, 0);
}

/** The blocks among the children of a fragment, blockquote or list item; anything else is dropped. */
function readBlocks(parent: Y.XmlFragment | Y.XmlElement, exhibits: ExhibitLookup, depth: number): Block[] {
  if (depth > MAX_DEPTH) return [];
  const blocks: Block[] = [];
  for (const child of xmlChildren(parent, depth)) {
    if (!(child instanceof Y.XmlElement)) continue;
    const block = readBlock(child, exhibits, depth);
    if (block) blocks.push(block);
  }
  return blocks;
}

function readBlock(element: Y.XmlElement, exhibits: ExhibitLookup, depth: number): Block | null {
  switch (element.nodeName) {
    case 'paragraph':
      return { type: 'paragraph', runs: readInline(element, exhibits, depth) };
    case 'heading':
      return {
        type: 'heading',
        level: headingLevel(element.getAttribute('level')),
        runs: readInline(element, exhibits, depth),
      };
    case 'bulletList':
    case 'orderedList': {
      const items: Block[][] = [];
      for (const child of xmlChildren(element, depth)) {
        if (child instanceof Y.XmlElement && child.nodeName === 'listItem') {
          items.push(readBlocks(child, exhibits, depth + 1));
        }
      }
      const ordered = element.nodeName === 'orderedList';
      return { type: 'list', ordered, start: ordered ? orderedStart(element.getAttribute('start')) : 1, items };
    }
    case 'blockquote':
      return { type: 'quote', blocks: readBlocks(element, exhibits, depth + 1) };
    default:
      return null;
  }
}

/** The schema allows heading levels 3 and 4 (the section title is above them). */
function headingLevel(value: unknown): HeadingLevel {
  const level = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return level === 4 ? 4 : 3;
}

function orderedStart(value: unknown): number {
  const start = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(start) && start >= 0 && start <= MAX_ORDERED_START ? start : 1;
}

/** The inline content of a paragraph or heading: text with marks, hard breaks and citations. */
function readInline(element: Y.XmlElement, exhibits: ExhibitLookup, depth: number): Run[] {
  const runs: Run[] = [];
  for (const child of xmlChildren(element, depth)) {
    if (child instanceof Y.XmlText) {
      // Pending suggestions are not content (issue 14): exported as if rejected.
      for (const op of contentDelta(child)) {
        if (typeof op.insert !== 'string') continue;
        const text = cleanText(op.insert);
        if (text === '') continue;
        runs.push(textRun(text, op.attributes ?? {}));
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ kind: 'break' });
      else if (child.nodeName === CITATION_NODE) runs.push(citationRun(child, exhibits));
      // Any other element inline is not in the schema: dropped with its content.
    }
  }
  return mergeRuns(runs);
}

/** Marks are the text's formatting attributes: `bold`, `italic`, `link: {href}`; any other is ignored. */
function textRun(text: string, attributes: Record<string, unknown>): Run {
  const link = attributes.link;
  const href = link !== null && typeof link === 'object' ? (link as Record<string, unknown>).href : undefined;
  return {
    kind: 'text',
    text,
    bold: isMark(attributes.bold),
    italic: isMark(attributes.italic),
    link: safeLinkHref(href),
  };
}

/** y-prosemirror stores a mark as its attrs object (`{}` for bold); null or false means none. */
const isMark = (value: unknown) => value !== undefined && value !== null && value !== false;

function citationRun(element: Y.XmlElement, exhibits: ExhibitLookup): Run {
  const itemId = citationItemId(element);
  const label = itemId ? exhibits(itemId) : null;
  return { kind: 'citation', itemId, label, text: label ? `see ${label}` : MISSING_EXHIBIT_TEXT };
}

/** Adjacent text runs with the same marks become one (Yjs splits text at every insertion). */
function mergeRuns(runs: Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (
      run.kind === 'text' &&
      last?.kind === 'text' &&
      last.bold === run.bold &&
      last.italic === run.italic &&
      last.link === run.link
    ) {
      merged[merged.length - 1] = { ...last, text: last.text + run.text };
    } else {
      merged.push(run);
    }
  }
  return merged;
}

/** The plain text of runs, as a reader sees it (citations as "see E3"). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((run) => (run.kind === 'break' ? '\n' : run.text)).join('');
}
