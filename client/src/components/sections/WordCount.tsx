import { formatNumber, plural } from '../../format/plural.ts';
import { useAnnouncedChange } from '../../hooks/useAnnouncedChange.ts';

type WordCountProps = {
  id: string;
  words: number;
  limit: number;
  /** The section's title, for the announcement when the count crosses the limit. */
  sectionTitle: string;
};

/**
 * "123 of 400 words", in red with how many over when over the limit. Screen
 * readers hear only the crossings (over the limit, back within it), not every
 * word typed.
 */
export function WordCount({ id, words, limit, sectionTitle }: WordCountProps) {
  const over = words > limit;
  const announcement = useAnnouncedChange(over, (isOver) =>
    isOver
      ? `${sectionTitle} is over its ${formatNumber(limit)} word limit.`
      : `${sectionTitle} is within its ${formatNumber(limit)} word limit again.`,
  );

  return (
    <>
      <p className={`jointly-word-count${over ? ' jointly-word-count--over' : ''}`} id={id}>
        <strong>{formatNumber(words)}</strong> of {plural(limit, 'word', 'words')}
        {over ? (
          <span className="jointly-word-count__over"> – {plural(words - limit, 'word', 'words')} over the limit</span>
        ) : null}
      </p>
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}
