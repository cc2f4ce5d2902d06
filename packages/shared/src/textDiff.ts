/**
 * What changed between two versions of a section's text, for the approval
 * diff (S-APPROVE-3): blocks (paragraphs, headings, list items) are matched
 * whole, and a block that was edited rather than replaced is shown word by
 * word, so one changed sentence does not read as a whole paragraph removed
 * and added.
 */

/** A run of text that is in both versions, only in the current one, or only in the approved one. */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/**
 * One block of the diff: unchanged, added, removed, or changed (its parts
 * say which words were removed and added). Every kind carries `parts`, so a
 * reader renders them all the same way.
 */
export type DiffBlock = { kind: 'same' | 'added' | 'removed' | 'changed'; parts: DiffPart[] };

/**
 * The most cells the word-level table may have: beyond it (two long
 * paragraphs rewritten in the middle) the changed middle is shown as one
 * removal and one addition rather than spending seconds on an exact answer.
 */
const MAX_TABLE_CELLS = 2_000_000;

/**
 * A block edited in place, rather than replaced, keeps at least this share of
 * its words (Dice coefficient of the words in common).
 */
const SAME_BLOCK_SIMILARITY = 0.4;

/** Words (letters, digits, inner apostrophes and hyphens), runs of space, and single other characters. */
export function diffTokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
}

type Op<T> = { kind: 'same' | 'added' | 'removed'; value: T };

/** A longest-common-subsequence edit script from `a` to `b` (removed before added within a gap). */
function editScript<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean): Op<T>[] | null {
  let start = 0;
  while (start < a.length && start < b.length && equal(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equal(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if ((n + 1) * (m + 1) > MAX_TABLE_CELLS) return null;
  // lengths[i][j]: LCS of a[start+i..endA) and b[start+j..endB), kept in one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = equal(a[start + i]!, b[start + j]!)
        ? lengths[(i + 1) * width + j + 1]! + 1
        : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const ops: Op<T>[] = a.slice(0, start).map((value) => ({ kind: 'same', value }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && equal(a[start + i]!, b[start + j]!)) {
      ops.push({ kind: 'same', value: a[start + i]! });
      i++;
      j++;
    } else if (j >= m || (i < n && lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
      ops.push({ kind: 'removed', value: a[start + i]! });
      i++;
    } else {
      ops.push({ kind: 'added', value: b[start + j]! });
      j++;
    }
  }
  for (let k = endA; k < a.length; k++) ops.push({ kind: 'same', value: a[k]! });
  return ops;
}

/** Adjacent parts of one kind joined; empty parts dropped. */
function mergeParts(parts: DiffPart[]): DiffPart[] {
  const merged: DiffPart[] = [];
  for (const part of parts) {
    if (part.text === '') continue;
    const last = merged[merged.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

/** The word-level difference between two texts (whole texts removed and added when too long to compare). */
export function diffWords(approved: string, current: string): DiffPart[] {
  const ops = editScript(diffTokens(approved), diffTokens(current), (x, y) => x === y);
  if (!ops) {
    return mergeParts([
      { kind: 'removed', text: approved },
      { kind: 'added', text: current },
    ]);
  }
  // Space between two changes reads as part of the change, not as an unchanged word.
  const parts = ops.map((op) => ({ kind: op.kind, text: op.value }));
  for (let k = 1; k < parts.length - 1; k++) {
    const part = parts[k]!;
    if (part.kind === 'same' && /^\s+$/u.test(part.text)) {
      const before = parts[k - 1]!.kind;
      const after = parts[k + 1]!.kind;
      if (before !== 'same' && after !== 'same') {
        parts.splice(k, 1, { kind: 'removed', text: part.text }, { kind: 'added', text: part.text });
        k++;
      }
    }
  }
  // Within a run of changes, show what was removed before what was added.
  const ordered: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    ordered.push({ kind: 'removed', text: removed }, { kind: 'added', text: added });
    removed = '';
    added = '';
  };
  for (const part of parts) {
    if (part.kind === 'removed') removed += part.text;
    else if (part.kind === 'added') added += part.text;
    else {
      flush();
      ordered.push(part);
    }
  }
  flush();
  return mergeParts(ordered);
}

/** How much two blocks share, from 0 (nothing) to 1 (the same words). */
function similarity(parts: DiffPart[]): number {
  let same = 0;
  let total = 0;
  for (const part of parts) {
    const words = diffTokens(part.text).filter((token) => /\S/u.test(token)).length;
    total += part.kind === 'same' ? 2 * words : words;
    if (part.kind === 'same') same += 2 * words;
  }
  return total === 0 ? 1 : same / total;
}

/**
 * The block-level difference between the approved and the current blocks;
 * within each gap between unchanged blocks, a removed block and the added
 * block at the same position that shares most of its words are shown as one
 * changed block, word by word.
 */
export function diffBlocks(approved: readonly string[], current: readonly string[]): DiffBlock[] {
  const ops = editScript(approved, current, (x, y) => x === y) ?? [
    ...approved.map((value) => ({ kind: 'removed' as const, value })),
    ...current.map((value) => ({ kind: 'added' as const, value })),
  ];
  const blocks: DiffBlock[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    const pairs = Math.max(removed.length, added.length);
    for (let k = 0; k < pairs; k++) {
      const before = removed[k];
      const after = added[k];
      if (before !== undefined && after !== undefined) {
        const parts = diffWords(before, after);
        if (similarity(parts) >= SAME_BLOCK_SIMILARITY) {
          blocks.push({ kind: 'changed', parts });
          continue;
        }
      }
      if (before !== undefined) blocks.push({ kind: 'removed', parts: [{ kind: 'removed', text: before }] });
      if (after !== undefined) blocks.push({ kind: 'added', parts: [{ kind: 'added', text: after }] });
    }
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.kind === 'removed') removed.push(op.value);
    else if (op.kind === 'added') added.push(op.value);
    else {
      flush();
      blocks.push({ kind: 'same', parts: [{ kind: 'same', text: op.value }] });
    }
  }
  flush();
  return blocks;
}
