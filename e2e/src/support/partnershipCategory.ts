/**
 * The category every scenario enters: HSJ Partnership Awards, "Long Term
 * Partnership with the NHS" (packages/templates/categories), as the pages
 * name it and its five sections.
 */
export const PARTNERSHIP = {
  id: 'hsj-partnership-long-term-partnership',
  /** The radio's label on /entries/new. */
  label: 'HSJ Partnership Awards: Long Term Partnership with the NHS Award',
  wordLimit: 400,
} as const;

export const CONTEXT = 'Context and evolution of the partnership';
export const BENEFITS = 'Benefits and measurable outcomes';
export const SHARING = 'Sharing learning and wider adoption';
export const CO_DESIGN = 'Co-design with patients and staff';
export const VALUE = 'Financial and wider value';

/** The section titles, in order. */
export const PARTNERSHIP_SECTIONS = [CONTEXT, BENEFITS, SHARING, CO_DESIGN, VALUE] as const;
