import type { SectionProvenanceDto } from '@jointly/shared';

type SectionContributorsProps = {
  sectionId: string;
  /** The server's record of who wrote the section; null until provenance has loaded. */
  provenance: SectionProvenanceDto | null;
  loaded: boolean;
};

/** Who wrote a section and what share of its current text each person wrote, from the server's provenance. */
export function SectionContributors({ sectionId, provenance, loaded }: SectionContributorsProps) {
  const headingId = `section-${sectionId}-contributors`;
  const contributors = [...(provenance?.contributors ?? [])].sort((a, b) => b.share - a.share);
  return (
    <div className="jointly-section__contributors">
      <h3 className="nhsuk-heading-xs" id={headingId}>
        Who wrote this section
      </h3>
      {contributors.length === 0 ? (
        <p className="nhsuk-body-s jointly-muted">{loaded ? 'Nobody has written here yet.' : 'Loading…'}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-body-s" aria-labelledby={headingId}>
          {contributors.map((contributor) => (
            <li key={contributor.actor.userId}>
              {contributor.actor.name} ({contributor.actor.organisation.name}): {Math.round(contributor.share * 100)}%
              of the text
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
