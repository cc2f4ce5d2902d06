import { can, type EntryDto, type MeDto, type SectionDto } from '@jointly/shared';
import type { RuleResult } from '@jointly/templates';
import { CoverageList } from '../../components/entry/CoverageList.tsx';
import { AssignSection } from '../../components/review/AssignSection.tsx';
import { SectionComments } from '../../components/review/SectionComments.tsx';
import type { SectionComments as SectionCommentsData } from '../../components/review/useSectionComments.ts';
import { SectionCitationProblems } from '../../components/sections/SectionCitationProblems.tsx';
import { SectionContributors } from '../../components/sections/SectionContributors.tsx';
import type { EntryEvidence } from './useEntryEvidence.ts';

type SectionFooterProps = {
  entry: EntryDto;
  me: MeDto;
  section: SectionDto;
  /** The section's comment threads, read once for the section (its margin shows them too). */
  comments: SectionCommentsData;
  evidence: EntryEvidence;
  reloadEntry: () => Promise<void>;
};

/** What sits under a section's text: who wrote it, its citation problems, its checks, assignment and comments. */
export function SectionFooter({ entry, me, section, comments, evidence, reloadEntry }: SectionFooterProps) {
  const { provenance, citationReport, coverage, labelOf } = evidence;
  const submitted = entry.status === 'submitted';
  return (
    <>
      <SectionContributors
        sectionId={section.id}
        provenance={provenance.data?.sections.find((s) => s.sectionId === section.id) ?? null}
        loaded={provenance.data !== null}
      />
      <SectionCitationProblems
        broken={citationReport.broken.filter((broken) => broken.sectionId === section.id)}
        labelOf={labelOf}
      />
      {coverage ? (
        <SectionCoverage
          sectionId={section.id}
          title={section.title}
          rules={coverage.sections.find((s) => s.sectionId === section.id)?.rules ?? []}
        />
      ) : null}
      {can(entry.role, 'assignSections') && !submitted ? (
        <AssignSection
          entryId={entry.id}
          section={section}
          members={entry.members}
          onAssigned={() => reloadEntry().catch(() => undefined)}
        />
      ) : null}
      <SectionComments
        entryId={entry.id}
        section={section}
        comments={comments}
        members={entry.members}
        meUserId={me.user.id}
        mayComment={can(entry.role, 'edit')}
        submitted={submitted}
      />
    </>
  );
}

/** The coverage rules of one section, under its text. */
export function SectionCoverage({
  sectionId,
  title,
  rules,
}: {
  sectionId: string;
  title: string;
  rules: RuleResult[];
}) {
  if (rules.length === 0) return null;
  return (
    <div className="jointly-section__coverage">
      <h3 className="nhsuk-heading-xs" id={`section-${sectionId}-coverage`}>
        What this section must contain
      </h3>
      <CoverageList label={`Checks: ${title}`} rules={rules} />
    </div>
  );
}
