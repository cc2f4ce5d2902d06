import {
  buildExhibits,
  countWords,
  countWordsAsWordProcessor,
  type Evidence,
  judgeLabelOf,
  judgeNumbering,
  sectionPlainText,
  sectionPortalText,
  type Testimonial,
} from '@jointly/shared';
import type * as Y from 'yjs';
import type { ExhibitState } from '../../editor/ExhibitDirectory.ts';

/** A section as it goes to the award's portal, with the two word counts. */
export type PortalCopy = {
  text: string;
  /** The words a word processor (and the portal's own counter) counts in `text`. */
  words: number;
  /** Jointly's own count of the section (the word count beside the editor). */
  ourWords: number;
};

/**
 * A section's text for the portal (issue 17 item 5), read from the live
 * document now: citations and typed references as the judges read them in
 * the exports (the exhibits numbered E1..En by judgeNumbering, a citation of
 * an item no longer there as "see [missing exhibit]").
 */
export function portalCopyOf(
  fragment: Y.XmlFragment,
  items: { testimonials: readonly Testimonial[]; evidence: readonly Evidence[] },
  labelOf: (itemId: string) => string | null,
): PortalCopy {
  const numbering = judgeNumbering(buildExhibits(items.testimonials, items.evidence, labelOf));
  const text = sectionPortalText(fragment, {
    citationLabel: (itemId) => judgeLabelOf(numbering, labelOf(itemId)),
    typedLabel: (label) => judgeLabelOf(numbering, label),
  });
  return { text, words: countWordsAsWordProcessor(text), ourWords: countWords(sectionPlainText(fragment)) };
}

/**
 * Whether a section can be copied for the portal yet: the server's labels have
 * been read and every exhibit the section cites has its number or is gone.
 * Before that a citation would copy as "see [missing exhibit]" (one word more
 * than the judges' "see E3") into text the entrant pastes and submits.
 */
export function portalCopyReady(
  labelsRead: boolean,
  citedItemIds: readonly string[],
  exhibitOf: (itemId: string) => ExhibitState,
): boolean {
  if (!labelsRead) return false;
  return citedItemIds.every((itemId) => {
    const { status } = exhibitOf(itemId);
    return status === 'labelled' || status === 'missing';
  });
}
