import * as Y from 'yjs';
import { CITATION_NODE, CITATION_PLAIN_TEXT } from './citations.ts';

/**
 * The plain text of a section's `Y.XmlFragment`, with blocks separated by a
 * newline, so that `countWords` gives the same figure on the server (from the
 * stored document) as in the editor. Marks (bold, links) are text formatting
 * of `Y.XmlText` and do not split words. A citation reads as "see exhibit"
 * inline (two words, like "see E3"), without splitting the words around it.
 */
export function sectionPlainText(fragment: Y.XmlFragment | Y.XmlElement): string {
  const parts: string[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert?: unknown }[]) {
        if (typeof op.insert === 'string') parts.push(op.insert);
      }
      return;
    }
    if (node instanceof Y.XmlHook) return;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement && child.nodeName === CITATION_NODE) {
        parts.push(CITATION_PLAIN_TEXT);
        continue;
      }
      walk(child as Y.XmlElement | Y.XmlText);
      // A block boundary separates words even when the blocks have no space between them.
      if (child instanceof Y.XmlElement) parts.push('\n');
    }
  };
  walk(fragment);
  return parts.join('');
}
