import { formatNumber } from '../../format/plural.ts';

/** From this share of the size limit on, the section says it is close to it. */
export const SIZE_NOTICE_FROM = 0.9;

export type SectionSizeState = 'within' | 'close' | 'at';

export function sectionSizeState(chars: number, limit: number): SectionSizeState {
  if (chars >= limit) return 'at';
  if (chars >= limit * SIZE_NOTICE_FROM) return 'close';
  return 'within';
}

type SectionSizeNoticeProps = {
  id: string;
  /** Characters of text in the section now (`sectionCharCount`). */
  chars: number;
  /** The most the section may hold (`sectionCharLimit` of its word limit). */
  limit: number;
};

/**
 * Says when a section is close to or at its size limit, the point where the
 * editor stops taking more text (the server would refuse it, C-SCHEMA-3).
 * Without it, keys that do nothing would be the only sign. A polite live
 * region that is always present, whose words change only when the state
 * does, so a screen reader hears each crossing once rather than every key.
 */
export function SectionSizeNotice({ id, chars, limit }: SectionSizeNoticeProps) {
  const state = sectionSizeState(chars, limit);
  const size = `${formatNumber(limit)} characters`;
  return (
    <p
      className={`jointly-size-notice${state === 'at' ? ' jointly-size-notice--at' : ''}`}
      id={id}
      role="status"
      aria-live="polite"
    >
      {state === 'close' ? `This section is close to its size limit of ${size}.` : null}
      {state === 'at' ? `This section is at its size limit of ${size}. Remove some text to add more.` : null}
    </p>
  );
}
