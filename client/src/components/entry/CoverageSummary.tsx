import type { BrokenCitation } from '@jointly/shared';
import type { CoverageReport } from '@jointly/templates';
import { plural } from '../../format/plural.ts';
import { sectionIds } from '../sectionIds.ts';
import { brokenCitationText, type LabelOf } from '../sections/SectionCitationProblems.tsx';
import { CoverageList } from './CoverageList.tsx';

type CoverageSummaryProps = {
  report: CoverageReport;
  brokenCitations: BrokenCitation[];
  sectionTitles: Map<string, string>;
  labelOf: LabelOf;
};

/** The entry-wide checks: the template's entry rules, each section's state, and citations of missing exhibits. */
export function CoverageSummary({ report, brokenCitations, sectionTitles, labelOf }: CoverageSummaryProps) {
  const allRules = [...report.entry, ...report.sections.flatMap((section) => section.rules)];
  const met = allRules.filter((rule) => rule.met).length;
  return (
    <section className="nhsuk-card jointly-coverage-summary" aria-labelledby="coverage-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="coverage-heading">
          What the entry must contain
        </h2>
        <p className="nhsuk-body" role="status">
          {met} of {plural(allRules.length, 'check', 'checks')} met.
        </p>
        <CoverageList label="Checks for the whole entry" rules={report.entry} />
        <h3 className="nhsuk-heading-xs">Sections</h3>
        <ul className="nhsuk-list" aria-label="Checks by section">
          {report.sections.map((section) => {
            const sectionMet = section.rules.filter((rule) => rule.met).length;
            return (
              <li key={section.sectionId}>
                <a href={`#${sectionIds(section.sectionId).region}`}>{section.title}</a>:{' '}
                {section.rules.length === 0
                  ? 'no checks'
                  : `${sectionMet} of ${plural(section.rules.length, 'check', 'checks')} met`}
              </li>
            );
          })}
        </ul>
        {brokenCitations.length > 0 ? (
          <div className="jointly-item__flags">
            <h3 className="nhsuk-heading-xs">
              <span className="nhsuk-u-visually-hidden">Warning: </span>Citations of missing exhibits
            </h3>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {brokenCitations.map((broken) => (
                <li key={`${broken.sectionId}:${broken.itemId}:${broken.label ?? ''}`}>
                  {sectionTitles.get(broken.sectionId) ?? broken.sectionId}: cites {brokenCitationText(broken, labelOf)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}
