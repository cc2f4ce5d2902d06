import { type ApprovalDiffDto, contentBlockTexts, diffBlocks, type SectionContent } from '@jointly/shared';

/**
 * S-APPROVE-3: the diff between the approved and the current content of a
 * section. Citations read as the editor shows them ("see E3", or "see
 * [missing exhibit]" for an item with no label), so a cited exhibit is not
 * lost as "()"; an edited block is diffed word by word (diffBlocks).
 */
export function sectionDiff(
  approved: SectionContent,
  current: SectionContent,
  labels: ReadonlyMap<string, string>,
): Pick<ApprovalDiffDto, 'approvedText' | 'currentText' | 'added' | 'removed' | 'blocks'> {
  const citationText = (itemId: string) => `see ${labels.get(itemId) ?? '[missing exhibit]'}`;
  const approvedBlocks = contentBlockTexts(approved, citationText);
  const currentBlocks = contentBlockTexts(current, citationText);
  return {
    approvedText: approvedBlocks.join('\n'),
    currentText: currentBlocks.join('\n'),
    added: multisetMinus(currentBlocks, approvedBlocks),
    removed: multisetMinus(approvedBlocks, currentBlocks),
    blocks: diffBlocks(approvedBlocks, currentBlocks),
  };
}

/** The items of `a` not matched one for one in `b`. */
function multisetMinus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const item of b) left.set(item, (left.get(item) ?? 0) + 1);
  const out: string[] = [];
  for (const item of a) {
    const n = left.get(item) ?? 0;
    if (n > 0) left.set(item, n - 1);
    else out.push(item);
  }
  return out;
}
