import {
  canonicalJson,
  countWords,
  EVIDENCE_MAP,
  entryContentHash,
  itemCollectionIn,
  readEvidence,
  readSuggestions,
  readTestimonials,
  type SectionContent,
  sectionContent,
  sectionContentHash,
  sectionFragmentIn,
  sectionPlainText,
  sha256Hex,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import type * as Y from 'yjs';

/**
 * What sign-off reads from the server's own document (never from a client):
 * a section's hash, content, text and words, and the items. Pure reads, so
 * approval, the submit conditions and a submitted version's check all hash
 * the same way.
 */

const EMPTY_SECTION_HASH = sha256Hex(canonicalJson([]));

/** A section's content as read from the document (an absent or foreign-typed section is empty). */
export type SectionRead = {
  hash: string;
  content: SectionContent;
  text: string;
  words: number;
  /** Pending suggestions in the section (issue 14): not content, but it cannot be approved or submitted with them. */
  suggestions: number;
};

export function readSection(doc: Y.Doc, sectionId: string): SectionRead {
  const fragment = sectionFragmentIn(doc, sectionId);
  if (!fragment) return { hash: EMPTY_SECTION_HASH, content: [], text: '', words: 0, suggestions: 0 };
  const text = sectionPlainText(fragment);
  return {
    hash: sectionContentHash(fragment),
    content: sectionContent(fragment),
    text,
    words: countWords(text),
    suggestions: readSuggestions(doc, [sectionId]).length,
  };
}

function readItems(doc: Y.Doc) {
  const testimonials = itemCollectionIn(doc, TESTIMONIALS_MAP);
  const evidence = itemCollectionIn(doc, EVIDENCE_MAP);
  return {
    testimonials: testimonials ? readTestimonials(testimonials) : [],
    evidence: evidence ? readEvidence(evidence) : [],
  };
}

/** Everything sign-off needs from one read of the document. */
export function readEntry(doc: Y.Doc, template: CategoryTemplate) {
  const sections = new Map(template.sections.map((section) => [section.id, readSection(doc, section.id)]));
  return {
    contentHash: entryContentHash(
      doc,
      template.sections.map((section) => section.id),
    ),
    sections,
    ...readItems(doc),
  };
}

export type EntryRead = ReturnType<typeof readEntry>;
