import * as Y from 'yjs';
import { CITATION_NODE, citationItemId } from './citations.ts';
import { contentDelta, xmlChildren } from './documentRead.ts';
import { relabelTypedReferences } from './typedCitations.ts';

/**
 * A section's answer as plain text for the award organiser's portal (issue 17
 * item 5): what the entrants paste into the portal's text box. Paragraphs,
 * headings and quotes are separated by a blank line; list items read "- …"
 * or "1. …" (a nested list indented two spaces a level); a citation reads
 * "see E3" with the judges' numbering the exports use (judgeNumbering.ts), and
 * so do references typed as text ("see E8"); formatting is dropped and no
 * word count is added. Pending suggestions read as rejected, and what the
 * editor never makes is skipped, as in the exports (server exports/sectionBlocks.ts).
 */

/** The judge label ("E3") of a cited item id, or null when the item is not among the exhibits. */
export type PortalCitationLabel = (itemId: string) => string | null;

/** What a citation of an item no exhibit has reads as (as in the exports). */
export const PORTAL_MISSING_EXHIBIT = 'see [missing exhibit]';

/** An ordered list's first number is bounded, as the exports bound it. */
const MAX_ORDERED_START = 100_000;

export function sectionPortalText(
  fragment: Y.XmlFragment | Y.XmlElement,
  options: {
    /** A cited item's judge label. */
    citationLabel: PortalCitationLabel;
    /** An app label ("E8") typed in the text → its judge label, or null to leave it as written. */
    typedLabel: (label: string) => string | null;
  },
): string {
  return blocksOf(fragment, options, 0, '').join('\n\n');
}

type Options = Parameters<typeof sectionPortalText>[1];

/** The blocks among a node's children, each as its lines of text (a list is one block). */
function blocksOf(parent: Y.XmlFragment | Y.XmlElement, options: Options, depth: number, indent: string): string[] {
  const blocks: string[] = [];
  for (const child of xmlChildren(parent, depth)) {
    if (!(child instanceof Y.XmlElement)) continue;
    const block = blockOf(child, options, depth, indent);
    if (block !== null && block.trim() !== '') blocks.push(block);
  }
  return blocks;
}

function blockOf(element: Y.XmlElement, options: Options, depth: number, indent: string): string | null {
  switch (element.nodeName) {
    case 'paragraph':
    case 'heading':
      return indentLines(inlineText(element, options, depth).trim(), indent);
    case 'blockquote':
      return blocksOf(element, options, depth + 1, indent).join('\n\n');
    case 'bulletList':
    case 'orderedList': {
      const ordered = element.nodeName === 'orderedList';
      let number = ordered ? orderedStart(element.getAttribute('start')) : 0;
      const items: string[] = [];
      for (const child of xmlChildren(element, depth)) {
        if (!(child instanceof Y.XmlElement) || child.nodeName !== 'listItem') continue;
        const marker = ordered ? `${number++}. ` : '- ';
        items.push(listItemText(child, options, depth + 1, indent, marker));
      }
      return items.join('\n');
    }
    default:
      return null;
  }
}

/** A list item: its first block after the marker, later blocks and nested lists under it, indented. */
function listItemText(item: Y.XmlElement, options: Options, depth: number, indent: string, marker: string): string {
  const inner = `${indent}  `;
  const lines: string[] = [];
  let first = true;
  for (const child of xmlChildren(item, depth)) {
    if (!(child instanceof Y.XmlElement)) continue;
    const nested = child.nodeName === 'bulletList' || child.nodeName === 'orderedList';
    const block = blockOf(child, options, depth, nested || !first ? inner : '');
    if (block === null || block.trim() === '') continue;
    if (first && !nested) lines.push(`${indent}${marker}${indentLines(block, inner).trimStart()}`);
    else lines.push(first ? `${indent}${marker.trimEnd()}\n${block}` : block);
    first = false;
  }
  return lines.length > 0 ? lines.join('\n') : `${indent}${marker.trimEnd()}`;
}

/** The text of a paragraph or heading: its runs, hard breaks as new lines, citations as "see E3". */
function inlineText(element: Y.XmlElement, options: Options, depth: number): string {
  let text = '';
  let run = '';
  const flush = () => {
    // Typed references are read in each run of text, as the exports read them.
    text += relabelTypedReferences(run, options.typedLabel);
    run = '';
  };
  for (const child of xmlChildren(element, depth)) {
    if (child instanceof Y.XmlText) {
      for (const op of contentDelta(child)) if (typeof op.insert === 'string') run += op.insert;
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') run += '\n';
      else if (child.nodeName === CITATION_NODE) {
        flush();
        const itemId = citationItemId(child);
        const label = itemId ? options.citationLabel(itemId) : null;
        text += label ? `see ${label}` : PORTAL_MISSING_EXHIBIT;
      }
    }
  }
  flush();
  return text;
}

function indentLines(text: string, indent: string): string {
  return indent === '' ? text : text.replace(/\n/gu, `\n${indent}`).replace(/^/u, indent);
}

function orderedStart(value: unknown): number {
  const start = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(start) && start >= 0 && start <= MAX_ORDERED_START ? start : 1;
}
