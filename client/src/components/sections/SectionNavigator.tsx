import type { SectionDto } from '@jointly/shared';
import type { MouseEvent } from 'react';
import type * as Y from 'yjs';
import { liveSectionStatus, useSectionContentHash } from '../../collab/liveStatus.ts';
import { useSectionWordCount } from '../../collab/useSectionWordCount.ts';
import { formatNumber, plural } from '../../format/plural.ts';
import { sectionIds } from '../sectionIds.ts';
import { SECTION_STATUS_LABELS } from './SectionStatusTag.tsx';

type SectionNavigatorProps = {
  sections: SectionDto[];
  /** A section's Y.XmlFragment (for its live word count and status); null before the document is open. */
  fragmentOf: (sectionId: string) => Y.XmlFragment | null;
  documentLoaded: boolean;
  /** The id of the heading of the testimonials and evidence panel, the last stop of the list. */
  itemsHeadingId: string;
};

/**
 * Moves focus to a heading and brings it into view, so that the next Tab continues from there
 * (a plain fragment link scrolls, but leaves focus, and a screen reader, behind).
 */
function goTo(event: MouseEvent<HTMLAnchorElement>, headingId: string): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  event.preventDefault();
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: 'start' });
}

/**
 * The entry's contents: a link to every section with its status and live word
 * count, and to the testimonials and evidence. An entry runs to 8,000–14,000 px
 * (issue 11 item 11); this is how anyone, with a keyboard or on a phone, gets to
 * the part they want.
 */
export function SectionNavigator({ sections, fragmentOf, documentLoaded, itemsHeadingId }: SectionNavigatorProps) {
  return (
    <nav className="jointly-panel jointly-section-nav" aria-labelledby="section-nav-heading">
      <h2 className="nhsuk-heading-s" id="section-nav-heading">
        Sections of this entry
      </h2>
      <ol className="nhsuk-list jointly-section-nav__list">
        {sections.map((section) => (
          <SectionNavigatorLink
            key={section.id}
            section={section}
            fragment={fragmentOf(section.id)}
            documentLoaded={documentLoaded}
          />
        ))}
        <li className="jointly-section-nav__item">
          <a href={`#${itemsHeadingId}`} onClick={(event) => goTo(event, itemsHeadingId)}>
            Testimonials and evidence
          </a>
        </li>
      </ol>
    </nav>
  );
}

function SectionNavigatorLink({
  section,
  fragment,
  documentLoaded,
}: {
  section: SectionDto;
  fragment: Y.XmlFragment | null;
  documentLoaded: boolean;
}) {
  const ids = sectionIds(section.id);
  const words = useSectionWordCount(fragment, section.words, documentLoaded);
  const status = liveSectionStatus(section, useSectionContentHash(fragment, documentLoaded), words);
  const over = words > section.wordLimit;
  return (
    <li className="jointly-section-nav__item">
      <a href={`#${ids.region}`} onClick={(event) => goTo(event, ids.heading)}>
        {section.title}
      </a>
      <span className={`jointly-section-nav__facts${over ? ' jointly-word-count--over' : ''}`}>
        {SECTION_STATUS_LABELS[status]}, {formatNumber(words)} of {plural(section.wordLimit, 'word', 'words')}
        {over ? ' (over the limit)' : ''}
      </span>
    </li>
  );
}
