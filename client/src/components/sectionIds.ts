/**
 * Element ids of one section, shared by its card and its editor (labels,
 * descriptions, deep links). Outside every feature group because several link
 * to a section: the navigator, coverage, the sign-off panel's problem list and
 * the entry page; the card itself shows sign-off controls, so these ids cannot
 * live in sections/ without sections/ and signoff/ importing each other.
 */
export function sectionIds(sectionId: string) {
  return {
    region: `section-${sectionId}`,
    heading: `section-${sectionId}-title`,
    prompts: `section-${sectionId}-prompts`,
    wordCount: `section-${sectionId}-words`,
    sizeNotice: `section-${sectionId}-size`,
  };
}
