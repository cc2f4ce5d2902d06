import {
  CONSENT_USE_LABELS,
  consentProblems,
  EVIDENCE_KIND_LABELS,
  type Evidence,
  type Testimonial,
  type TestimonialKind,
} from '@jointly/shared';

/**
 * The numbered exhibits as the judges see them, the same as the supporting-evidence
 * export (server/src/exports/exportModel.ts evidenceModel): every item in label order;
 * a testimonial without the consent it needs is withheld (its label only, nothing it
 * says or who said it); an anonymised testimonial names the role or kind, not the person.
 */

export type JudgeField = { label: string; value: string };

export type JudgeExhibit =
  | { kind: 'evidence'; label: string | null; itemId: string; title: string; fields: JudgeField[] }
  | {
      kind: 'testimonial';
      label: string | null;
      itemId: string;
      quote: string;
      attribution: string;
      fields: JudgeField[];
    };

export type JudgeWithheld = { label: string | null; reason: string };

export const WITHHELD_NO_CONSENT = 'withheld: consent not recorded';

const KIND_AS_PERSON: Record<TestimonialKind, string> = {
  patient: 'A patient',
  service_user: 'A service user',
  carer: 'A carer',
  nhs_staff: 'A member of NHS staff',
  partner_staff: 'A member of partner staff',
  leader: 'A leader',
  other: 'A contributor',
};

const line = (value: string) => value.replace(/\s+/gu, ' ').trim();

/** "Name, Role, Organisation", or without the name when anonymised (or nameless). */
export function judgeAttribution(testimonial: Testimonial): string {
  const name = line(testimonial.personName);
  const role = line(testimonial.personRole);
  const organisation = line(testimonial.personOrganisation);
  if (testimonial.anonymise || name === '') {
    const who = role !== '' ? role : KIND_AS_PERSON[testimonial.kind];
    return [who, organisation].filter((part) => part !== '').join(', ');
  }
  return [name, role, organisation].filter((part) => part !== '').join(', ');
}

const labelNumber = (label: string | null) =>
  label && /^E\d+$/.test(label) ? Number(label.slice(1)) : Number.POSITIVE_INFINITY;

export function judgeExhibits(
  testimonials: readonly Testimonial[],
  evidence: readonly Evidence[],
  labels: ReadonlyMap<string, string>,
): { exhibits: JudgeExhibit[]; withheld: JudgeWithheld[] } {
  const labelOf = (id: string) => labels.get(id) ?? null;
  const exhibits: JudgeExhibit[] = [];
  const withheld: JudgeWithheld[] = [];
  for (const item of evidence) {
    const fields: JudgeField[] = [
      { label: 'Kind', value: EVIDENCE_KIND_LABELS[item.kind] },
      { label: 'Baseline', value: item.baseline.trim() },
      { label: 'Result', value: item.result.trim() },
      { label: 'Period', value: line(item.period) },
      { label: 'Date', value: line(item.date) },
      { label: 'Source', value: line(item.source) },
    ];
    exhibits.push({
      kind: 'evidence',
      label: labelOf(item.id),
      itemId: item.id,
      title: line(item.title) || 'Untitled evidence',
      fields: fields.filter((field) => field.value !== ''),
    });
  }
  for (const item of testimonials) {
    if (consentProblems(item).length > 0) {
      withheld.push({ label: labelOf(item.id), reason: WITHHELD_NO_CONSENT });
      continue;
    }
    const fields: JudgeField[] = [{ label: 'Date', value: line(item.date) }];
    if (item.consent?.obtained && item.consent.uses.length > 0) {
      fields.push({
        label: 'Consent',
        value: `recorded for ${item.consent.uses.map((use) => CONSENT_USE_LABELS[use].toLowerCase()).join(' and ')}`,
      });
    }
    exhibits.push({
      kind: 'testimonial',
      label: labelOf(item.id),
      itemId: item.id,
      quote: item.quote.trim(),
      attribution: judgeAttribution(item),
      fields: fields.filter((field) => field.value !== ''),
    });
  }
  const byLabel = (a: { label: string | null }, b: { label: string | null }) =>
    labelNumber(a.label) - labelNumber(b.label);
  return { exhibits: exhibits.sort(byLabel), withheld: withheld.sort(byLabel) };
}
