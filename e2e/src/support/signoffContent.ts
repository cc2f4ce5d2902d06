import type { EvidenceInput, TestimonialInput } from '../pages/ItemsPanel.ts';
import { BENEFITS, CO_DESIGN, CONTEXT, SHARING, VALUE } from './partnershipCategory.ts';
import { daysAgo } from './recentDates.ts';

/**
 * What the two organisations of scenarios 10 and 17 put into their entry:
 * six items that meet every rule of the Partnership template, and a paragraph
 * from each organisation in every section, most citing an item. Scenario 10
 * enters it through the pages; scenario 17 stores it through the API to start
 * from a submitted entry.
 */

/** What one organisation writes in a section: a paragraph, ending with a citation of an exhibit when `cite` is set. */
export type Paragraph = { text: string; cite?: string };
export type SectionPlan = { title: string; trust: Paragraph; supplier: Paragraph };

/** An item, the organisation that adds it, and the heading of its card (also its "Exhibit to cite" option). */
export type Exhibit = { label: string; heading: string; by: 'trust' | 'supplier' } & (
  | { testimonial: TestimonialInput }
  | { evidence: EvidenceInput }
);

/** A paragraph as the section's text reads: the citation as "see E3". */
export const asRead = ({ text, cite }: Paragraph) => (cite ? `${text}see ${cite}` : text);

/** A section's whole text: the trust's paragraph, then the supplier's. */
export const expectedText = (section: SectionPlan) => `${asRead(section.trust)}\n${asRead(section.supplier)}`;

export type SignoffContent = ReturnType<typeof signoffContent>;

/** The content, made unique by `tag`; the staff testimonial names the trust (`trustOrg`). */
export function signoffContent(tag: string, trustOrg: string) {
  const consent = {
    given: true,
    date: daysAgo(270),
    howRecorded: 'Signed consent form held by the patient experience team',
    covers: ['Judging the award', 'Publication'],
  } satisfies TestimonialInput['consent'];
  const patient = {
    quote: `I was scanned within a week instead of waiting three months ${tag}.`,
    kind: 'Patient',
    name: `Ann Jones ${tag}`,
    role: 'Patient at the community diagnostic centre',
    date: daysAgo(300),
    sections: [VALUE],
    consent,
  } satisfies TestimonialInput;
  const staff = {
    quote: `The shared reporting hub halved our waiting list within a year ${tag}.`,
    kind: 'NHS staff',
    name: `Dr Lena Ortiz ${tag}`,
    role: 'Consultant radiologist',
    organisation: trustOrg,
    sections: [VALUE, CO_DESIGN],
    consent,
  } satisfies TestimonialInput;
  const metric = {
    title: `Emergency readmissions within 30 days ${tag}`,
    kind: 'Metric',
    baseline: '14.2% (2019/20)',
    result: '9.1% (2025/26)',
    period: 'April 2019 to March 2026',
    date: daysAgo(150),
    source: 'Trust integrated performance report',
    sections: [BENEFITS, SHARING, VALUE],
  } satisfies EvidenceInput;
  const saving = {
    title: `Annual cost of outsourced reporting ${tag}`,
    kind: 'Financial',
    baseline: '£1.9m a year (2019/20)',
    result: '£1.1m a year (2025/26)',
    source: 'Trust finance report',
    sections: [VALUE],
  } satisfies EvidenceInput;
  const workshops = {
    title: `Co-design workshop notes ${tag}`,
    kind: 'Qualitative',
    date: daysAgo(320),
    source: 'Patient experience team',
    sections: [CO_DESIGN],
  } satisfies EvidenceInput;
  const review = {
    title: `Partnership review and adoption guide ${tag}`,
    kind: 'Document',
    date: daysAgo(200),
    source: 'Published on the integrated care system website',
    sections: [CONTEXT, SHARING],
  } satisfies EvidenceInput;

  /** In the order added, so E1 … E6; each organisation adds some. */
  const exhibits: Exhibit[] = [
    { label: 'E1', heading: `E1: ${patient.name}`, by: 'trust', testimonial: patient },
    { label: 'E2', heading: `E2: ${staff.name}`, by: 'supplier', testimonial: staff },
    { label: 'E3', heading: `E3: ${metric.title}`, by: 'supplier', evidence: metric },
    { label: 'E4', heading: `E4: ${saving.title}`, by: 'trust', evidence: saving },
    { label: 'E5', heading: `E5: ${workshops.title}`, by: 'trust', evidence: workshops },
    { label: 'E6', heading: `E6: ${review.title}`, by: 'supplier', evidence: review },
  ];

  // Both organisations write in every section: the trust a paragraph, then the supplier another.
  const plan: SectionPlan[] = [
    {
      title: CONTEXT,
      trust: { text: `We began community scanning with the supplier in 2018 ${tag}.` },
      supplier: { text: `We added evening clinics when demand moved in 2021 ${tag}, `, cite: 'E6' },
    },
    {
      title: BENEFITS,
      trust: { text: `Patients are scanned nearer home and sooner ${tag}.` },
      supplier: { text: `Readmissions fell by a third ${tag}, `, cite: 'E3' },
    },
    {
      title: SHARING,
      trust: { text: `Two neighbouring trusts now use our referral pathway ${tag}.` },
      supplier: { text: `We published the adoption guide ${tag}, `, cite: 'E6' },
    },
    {
      title: CO_DESIGN,
      trust: { text: `Radiographers redesigned the booking letters with us ${tag}, `, cite: 'E2' },
      supplier: { text: `Patients shaped the clinic layout in workshops ${tag}, `, cite: 'E5' },
    },
    {
      title: VALUE,
      trust: { text: `Patients say the clinic changed their care ${tag}, `, cite: 'E1' },
      supplier: { text: `Reporting now costs £800,000 a year less ${tag}, `, cite: 'E4' },
    },
  ];

  return { patient, staff, metric, saving, workshops, review, exhibits, plan };
}
