import {
  CONSENT_USE_LABELS,
  consentProblems,
  EVIDENCE_KIND_LABELS,
  type Evidence,
  type Testimonial,
  type TestimonialKind,
} from './documentItems.ts';
import { formatUkDate } from './formatUkDate.ts';

/**
 * The numbered exhibits as the judges read them, in one place for the judge
 * view (client) and the supporting-evidence export (server), so the two can
 * never disagree: every item in label order (E1, E2, …); a testimonial without
 * the consent it needs is withheld (its label only, nothing it says or who
 * said it); an anonymised testimonial names the role or kind, not the person;
 * dates read as the app shows them ("14 February 2024"). The labels are the
 * app's: outputs number them for judges with judgeNumbering.
 */

export type ExhibitField = { label: string; value: string };

export type Exhibit =
  | { kind: 'evidence'; label: string | null; itemId: string; title: string; fields: ExhibitField[] }
  | {
      kind: 'testimonial';
      label: string | null;
      itemId: string;
      quote: string;
      /** Who said it, as the judges may see it: named, or only their role or kind when anonymised. */
      attribution: string;
      fields: ExhibitField[];
    };

/** An exhibit left out, without any of its content or personal data. */
export type WithheldExhibit = { label: string | null; reason: string };

export const WITHHELD_NO_CONSENT = 'withheld: consent not recorded';

/**
 * How free text is tidied: `text` for multi-line values, `line` for one-line
 * ones. The export passes cleaners that also drop characters a PDF or DOCX
 * cannot hold; the default keeps the text and collapses whitespace.
 */
export type TextCleaners = { text(value: string): string; line(value: string): string };

const PLAIN: TextCleaners = {
  text: (value) => value,
  line: (value) => value.replace(/\s+/gu, ' ').trim(),
};

const KIND_AS_PERSON: Record<TestimonialKind, string> = {
  patient: 'A patient',
  service_user: 'A service user',
  carer: 'A carer',
  nhs_staff: 'A member of NHS staff',
  partner_staff: 'A member of partner staff',
  leader: 'A leader',
  other: 'A contributor',
};

/** "Name, Role, Organisation", or without the name ("Ward sister, Organisation" / "A patient") when anonymised. */
export function testimonialAttribution(testimonial: Testimonial, clean: TextCleaners = PLAIN): string {
  const name = clean.line(testimonial.personName);
  const role = clean.line(testimonial.personRole);
  const organisation = clean.line(testimonial.personOrganisation);
  if (testimonial.anonymise || name === '') {
    const who = role !== '' ? role : KIND_AS_PERSON[testimonial.kind];
    return [who, organisation].filter((part) => part !== '').join(', ');
  }
  return [name, role, organisation].filter((part) => part !== '').join(', ');
}

const nonEmpty = (fields: ExhibitField[]) => fields.filter((field) => field.value !== '');

/** The number of a label `E<n>`, for sorting (anything else sorts last). */
export const exhibitLabelNumber = (label: string | null): number =>
  label && /^E\d+$/.test(label) ? Number(label.slice(1)) : Number.POSITIVE_INFINITY;

/** Every item as an exhibit (or withheld), in label order. */
export function buildExhibits(
  testimonials: readonly Testimonial[],
  evidence: readonly Evidence[],
  labelOf: (itemId: string) => string | null,
  clean: TextCleaners = PLAIN,
): { exhibits: Exhibit[]; withheld: WithheldExhibit[] } {
  const exhibits: Exhibit[] = [];
  const withheld: WithheldExhibit[] = [];
  for (const item of evidence) {
    exhibits.push({
      kind: 'evidence',
      label: labelOf(item.id),
      itemId: item.id,
      title: clean.line(item.title) || 'Untitled evidence',
      fields: nonEmpty([
        { label: 'Kind', value: EVIDENCE_KIND_LABELS[item.kind] },
        { label: 'Baseline', value: clean.text(item.baseline).trim() },
        { label: 'Result', value: clean.text(item.result).trim() },
        { label: 'Period', value: clean.line(item.period) },
        { label: 'Date', value: formatUkDate(clean.line(item.date)) },
        { label: 'Source', value: clean.line(item.source) },
      ]),
    });
  }
  for (const item of testimonials) {
    if (consentProblems(item).length > 0) {
      withheld.push({ label: labelOf(item.id), reason: WITHHELD_NO_CONSENT });
      continue;
    }
    const fields: ExhibitField[] = [{ label: 'Date', value: formatUkDate(clean.line(item.date)) }];
    if (item.consent?.obtained && item.consent.uses.length > 0) {
      const uses = item.consent.uses.map((use) => CONSENT_USE_LABELS[use].toLowerCase()).join(' and ');
      fields.push({ label: 'Consent', value: `recorded for ${uses}` });
    }
    exhibits.push({
      kind: 'testimonial',
      label: labelOf(item.id),
      itemId: item.id,
      quote: clean.text(item.quote).trim(),
      attribution: testimonialAttribution(item, clean),
      fields: nonEmpty(fields),
    });
  }
  const byLabel = (a: { label: string | null }, b: { label: string | null }) =>
    exhibitLabelNumber(a.label) - exhibitLabelNumber(b.label);
  return { exhibits: exhibits.sort(byLabel), withheld: withheld.sort(byLabel) };
}
