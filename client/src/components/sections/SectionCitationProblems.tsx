import type { BrokenCitation } from '@jointly/shared';

/** The exhibit label of an item id (also of a deleted item), or null when the server has not given one. */
export type LabelOf = (itemId: string) => string | null;

/** What is wrong with a citation, said after "cites": "an exhibit that does not exist (E9)". */
export function brokenCitationText(broken: BrokenCitation, labelOf: LabelOf): string {
  const label = broken.label ?? (broken.itemId ? labelOf(broken.itemId) : null);
  const what = broken.reason === 'deleted' ? 'an exhibit that was removed' : 'an exhibit that does not exist';
  return label ? `${what} (${label})` : what;
}

type SectionCitationProblemsProps = { broken: BrokenCitation[]; labelOf: LabelOf };

/**
 * Under a section's text: its citations of exhibits that do not exist, by
 * chip or typed as text ("see E9"), each of which blocks submission. Said in
 * words as well as by the flag in the text, which only sighted people see.
 */
export function SectionCitationProblems({ broken, labelOf }: SectionCitationProblemsProps) {
  if (broken.length === 0) return null;
  return (
    <div className="jointly-item__flags jointly-section__citation-problems">
      <p className="nhsuk-body-s">
        <span className="nhsuk-u-visually-hidden">Warning: </span>
        This section cites:
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s">
        {broken.map((item) => (
          <li key={`${item.itemId}:${item.label ?? ''}`}>{brokenCitationText(item, labelOf)}</li>
        ))}
      </ul>
    </div>
  );
}
