import type { Node } from '@tiptap/pm/model';

/** Where some words stand in the editor's document: one place, none, or several (then more words are needed). */
export type WordsFound = { kind: 'one'; from: number; to: number } | { kind: 'none' } | { kind: 'many'; count: number };

/**
 * Finds `words` in the text of the section's paragraphs and headings, within
 * one run of text (a citation or line break between them ends the run), as a
 * suggestion may change (C-SUGGEST-5). Matches exactly, case included, so the
 * words proposed for removal are the ones the person means.
 */
export function findSectionWords(doc: Node, words: string): WordsFound {
  const wanted = words.trim();
  if (wanted === '') return { kind: 'none' };
  const found: { from: number; to: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let run = '';
    let runStart = pos + 1;
    const search = () => {
      for (let at = run.indexOf(wanted); at >= 0; at = run.indexOf(wanted, at + 1)) {
        found.push({ from: runStart + at, to: runStart + at + wanted.length });
      }
    };
    node.forEach((child, offset) => {
      if (child.isText) {
        if (run === '') runStart = pos + 1 + offset;
        run += child.text ?? '';
        return;
      }
      search();
      run = '';
    });
    search();
    return false;
  });
  if (found.length === 0) return { kind: 'none' };
  if (found.length > 1) return { kind: 'many', count: found.length };
  return { kind: 'one', ...found[0]! };
}

/** Whether `from`…`to` lie in one run of text of one paragraph or heading (what a suggestion may change). */
export function inOneRun(doc: Node, from: number, to: number): boolean {
  if (from >= to) return false;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  if (!$from.parent.isTextblock || $from.parent !== $to.parent) return false;
  let plain = true;
  doc.nodesBetween(from, to, (node) => {
    if (node.isInline && !node.isText) plain = false;
  });
  return plain;
}
