import * as Y from 'yjs';
import { CITATION_NODE, CITATION_PLAIN_TEXT } from './citations.ts';
import { contentDelta, xmlChildren } from './documentRead.ts';

/**
 * The plain text of a section's `Y.XmlFragment`, with blocks separated by a
 * newline, so that `countWords` gives the same figure on the server (from the
 * stored document) as in the editor. Marks (bold, links) are text formatting
 * of `Y.XmlText` and do not split words. A citation reads as "see exhibit"
 * inline (two words, like "see E3"), without splitting the words around it.
 * What no editor makes is skipped, and pending suggestions are read as
 * rejected (documentRead.ts contentDelta).
 */
export function sectionPlainText(fragment: Y.XmlFragment | Y.XmlElement): string {
  const parts: string[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    for (const child of xmlChildren(node, depth)) {
      if (child instanceof Y.XmlText) {
        for (const op of contentDelta(child)) {
          if (typeof op.insert === 'string') parts.push(op.insert);
        }
        continue;
      }
      if (child.nodeName === CITATION_NODE) {
        parts.push(CITATION_PLAIN_TEXT);
        continue;
      }
      walk(child, depth + 1);
      // A block boundary separates words even when the blocks have no space between them.
      parts.push('\n');
    }
  };
  walk(fragment, 0);
  return parts.join('');
}

/**
 * The characters of text a section holds: the lengths of its `Y.XmlText`
 * runs (marks and elements add none). This is what `sectionCharLimit` bounds
 * (C-SCHEMA-3), and what the editor counts before it lets more text in, so
 * the editor stops a person before the server would refuse their update.
 */
export function sectionCharCount(fragment: Y.XmlFragment | Y.XmlElement): number {
  let total = 0;
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    for (const child of xmlChildren(node, depth)) {
      if (child instanceof Y.XmlText) total += child.length;
      else walk(child, depth + 1);
    }
  };
  walk(fragment, 0);
  return total;
}
