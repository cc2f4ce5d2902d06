import type { RuleResult } from '@jointly/templates';

type CoverageListProps = {
  /** Names the list, e.g. "What this section must contain". */
  label: string;
  rules: RuleResult[];
};

/** Coverage rules as a status list: "Met" with what the rule asks, or "Missing: …" with what is missing. */
export function CoverageList({ label, rules }: CoverageListProps) {
  if (rules.length === 0) return null;
  return (
    <ul className="nhsuk-list jointly-coverage" aria-label={label}>
      {rules.map((rule) => (
        <li key={rule.ruleId} className="jointly-coverage__rule">
          {rule.met ? (
            <>
              <strong className="nhsuk-tag nhsuk-tag--green">Met</strong>
              <span className="nhsuk-u-visually-hidden">:</span> {rule.description}
            </>
          ) : (
            <>
              <strong className="nhsuk-tag nhsuk-tag--orange">Missing</strong>
              <span className="nhsuk-u-visually-hidden">:</span> {rule.missing}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
