import { type SectionDto, sectionCharLimit } from '@jointly/shared';
import type { FocusEvent, ReactNode } from 'react';
import type * as Y from 'yjs';
import { liveSectionStatus, useSectionContentHash } from '../../collab/liveStatus.ts';
import type { Presence } from '../../collab/presenceFromAwareness.ts';
import { useSectionCharCount } from '../../collab/useSectionCharCount.ts';
import { useSectionSuggestionCount } from '../../collab/useSectionSuggestionCount.ts';
import { useSectionWordCount } from '../../collab/useSectionWordCount.ts';
import { AssignmentStatus } from '../review/AssignmentStatus.tsx';
import { sectionIds } from '../sectionIds.ts';
import { SectionApproval } from '../signoff/SectionApproval.tsx';
import { SectionPresence } from './SectionPresence.tsx';
import { SectionSizeNotice } from './SectionSizeNotice.tsx';
import { SectionStatusTag } from './SectionStatusTag.tsx';
import { WordCount } from './WordCount.tsx';

type SectionCardProps = {
  section: SectionDto;
  position: number;
  total: number;
  /** The section's Y.XmlFragment, for the live word count; null before the document is open. */
  fragment: Y.XmlFragment | null;
  documentLoaded: boolean;
  people: Presence[];
  /** The editor (or a read-only view) of the section's text. */
  children: ReactNode;
  /** Shown under the text: who wrote the section, what it must contain. */
  footer?: ReactNode;
  onFocusWithin?: () => void;
  onBlurWithin?: () => void;
  /** Sign-off of the section (approve, what changed); absent, only the status shows. */
  signoff?: {
    entryId: string;
    mayApprove: boolean;
    onApproved: () => Promise<void> | void;
    /** May mark the section ready for review (issue 14 item 6). */
    mayRequestReview?: boolean;
  };
  /** Lays the text out with what sits beside it (the threads anchored to its words, issue 14 item 2). */
  wrapText?: (text: ReactNode) => ReactNode;
  /** Actions on the whole section, under its status in the header ("Copy for the portal", issue 17 item 5). */
  headerActions?: ReactNode;
};

/**
 * One section of an entry: title, status, what the judges ask (the guidance
 * prompts), who is in it now, its editor and, under it, the live word count
 * against the limit. A landmark region named by the section title, so each section's
 * controls can be found by role within it.
 */
export function SectionCard({
  section,
  position,
  total,
  fragment,
  documentLoaded,
  people,
  children,
  footer,
  onFocusWithin,
  onBlurWithin,
  signoff,
  wrapText,
  headerActions,
}: SectionCardProps) {
  const ids = sectionIds(section.id);
  const words = useSectionWordCount(fragment, section.words, documentLoaded);
  const chars = useSectionCharCount(fragment);
  const suggestions = useSectionSuggestionCount(fragment, section.id);
  // The status from the live document: every browser sees "Changed since approval" once the text changes.
  const liveHash = useSectionContentHash(fragment, documentLoaded);
  const status = liveSectionStatus(section, liveHash, words);

  const onBlur = (event: FocusEvent<HTMLElement>) => {
    const next = event.relatedTarget as Node | null;
    if (next && event.currentTarget.contains(next)) return;
    // Switching to another window keeps you "in" the section; moving elsewhere on the page does not.
    if (next === null && !document.hasFocus()) return;
    onBlurWithin?.();
  };

  return (
    <section
      className="nhsuk-card jointly-section"
      id={ids.region}
      aria-labelledby={ids.heading}
      onFocus={onFocusWithin}
      onBlur={onBlur}
    >
      <div className="nhsuk-card__content">
        <div className="jointly-section__header">
          <div>
            <p className="nhsuk-caption-m jointly-section__position">
              Section {position} of {total}
            </p>
            <h2 className="nhsuk-heading-m jointly-section__title" id={ids.heading} tabIndex={-1}>
              {section.title}
            </h2>
          </div>
          <div className="jointly-section__meta">
            <SectionStatusTag status={status} />
            {headerActions}
          </div>
        </div>
        <p className="nhsuk-body jointly-section__summary">{section.summary}</p>
        <AssignmentStatus assignment={section.assignment} />
        <div className="jointly-section__prompts" id={ids.prompts}>
          <h3 className="nhsuk-heading-xs jointly-section__prompts-title">What the judges want to know</h3>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {section.prompts.map((prompt) => (
              <li key={prompt}>{prompt}</li>
            ))}
          </ul>
        </div>
        {signoff ? (
          <SectionApproval
            entryId={signoff.entryId}
            section={section}
            status={status}
            mayApprove={signoff.mayApprove}
            words={words}
            suggestions={suggestions}
            onApproved={signoff.onApproved}
            mayRequestReview={signoff.mayRequestReview ?? false}
          />
        ) : null}
        <SectionPresence people={people} />
        {wrapText ? wrapText(children) : children}
        {/* Under the text, as NHS.UK's character count is, and sticky: writing a long section (at
            200 % zoom, on a phone) its count stays on screen (issue 11 item 11). */}
        <div className="jointly-section__count">
          <WordCount id={ids.wordCount} words={words} limit={section.wordLimit} sectionTitle={section.title} />
          <SectionSizeNotice id={ids.sizeNotice} chars={chars} limit={sectionCharLimit(section.wordLimit)} />
        </div>
        {footer}
      </div>
    </section>
  );
}
