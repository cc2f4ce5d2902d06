import type { DiffBlock } from '@jointly/shared';

/** What a block of the comparison says before its text, for those who cannot see the colours. */
const BLOCK_LABELS: Record<DiffBlock['kind'], string> = {
  same: 'Unchanged paragraph',
  added: 'Added paragraph',
  removed: 'Removed paragraph',
  changed: 'Changed paragraph',
};

/**
 * A word-level comparison in reading order: each block says what it is, and
 * inside a changed block only the words that changed are marked, with
 * `<ins>`/`<del>` and visually hidden words ("added", "removed") so the
 * change never rests on colour alone.
 */
export function VersionDiff({ blocks, label }: { blocks: DiffBlock[]; label: string }) {
  return (
    <ol className="nhsuk-list jointly-diff" aria-label={label}>
      {blocks.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs may repeat; the list is rebuilt on each comparison.
        <li key={index} className={`jointly-diff__block jointly-diff__block--${block.kind}`}>
          <span className="nhsuk-u-visually-hidden">{BLOCK_LABELS[block.kind]}: </span>
          {block.parts.map((part, at) => {
            const text = part.text || '(an empty paragraph)';
            // biome-ignore-start lint/suspicious/noArrayIndexKey: parts are positional.
            if (part.kind === 'added') {
              return (
                <ins key={at}>
                  <span className="nhsuk-u-visually-hidden">[added: </span>
                  {text}
                  <span className="nhsuk-u-visually-hidden">]</span>
                </ins>
              );
            }
            if (part.kind === 'removed') {
              return (
                <del key={at}>
                  <span className="nhsuk-u-visually-hidden">[removed: </span>
                  {text}
                  <span className="nhsuk-u-visually-hidden">]</span>
                </del>
              );
            }
            return <span key={at}>{text}</span>;
            // biome-ignore-end lint/suspicious/noArrayIndexKey: parts are positional.
          })}
        </li>
      ))}
    </ol>
  );
}
