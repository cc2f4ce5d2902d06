import { EVIDENCE_MAP, TESTIMONIALS_MAP } from '@jointly/shared';
import type * as Y from 'yjs';
import { bold, cite, el, italic, link, p, txt, writeItem, writeSection } from './sectionContent.ts';

/**
 * A realistic entry for export tests: structured text in two sections (one
 * with a hostile element), an evidence item, a consented patient testimonial
 * (anonymised), a named staff testimonial, and a patient testimonial without
 * consent that must be withheld.
 */
export const SAMPLE = {
  categoryId: 'hsj-partnership-long-term-partnership',
  sections: { context: 'context-and-evolution', benefits: 'benefits-and-outcomes' },
  items: {
    evidence: 'evidence0001',
    patient: 'testimony0001',
    staff: 'testimony0002',
    unconsented: 'testimony0003',
  },
  evidenceTitle: 'Referral to treatment within 18 weeks',
  patientQuote: 'I was seen within a week and the nurse explained everything.',
  patientName: 'Margaret Holloway',
  staffName: 'Dr Priya Raman',
  staffQuote: 'The shared pathway halved our waiting list.',
  unconsentedQuote: 'Private words that must not be shown.',
  unconsentedName: 'Jonathan Secretperson',
  hostileMarker: 'HOSTILE-PAYLOAD',
} as const;

/** The section content (plain words used in checks). */
export function writeSampleSections(doc: Y.Doc): void {
  writeSection(doc, SAMPLE.sections.context, [
    el('heading', { level: 3 }, txt('How the partnership began')),
    p(
      txt(
        'Since 2015 the trust and its partner have ',
        bold('redesigned outpatient care'),
        ' together, ',
        italic('with patients'),
        '. Read ',
        link('the annual report', 'https://www.example.nhs.uk/report'),
        ' for detail, ',
      ),
      cite(SAMPLE.items.evidence),
      txt('.'),
    ),
    el(
      'bulletList',
      {},
      el('listItem', {}, p('Joint clinics in three towns')),
      el('listItem', {}, p('A shared booking system')),
    ),
    el('orderedList', { start: 1 }, el('listItem', {}, p('Listen first')), el('listItem', {}, p('Measure always'))),
    el('blockquote', {}, p('Patients said it felt like one service.')),
  ]);
  writeSection(doc, SAMPLE.sections.benefits, [
    p(txt('Waiting times fell by half, '), cite(SAMPLE.items.patient), txt('.')),
  ]);
}

/**
 * What no editor writes and the socket refuses (C-SCHEMA-2), appended to the
 * benefits section: for exports of documents stored before the schema was
 * enforced, which must drop it (RELIABILITY I61).
 */
export function writeHostileContent(doc: Y.Doc): void {
  writeSection(
    doc,
    SAMPLE.sections.benefits,
    [
      el('div', { onclick: `alert('${SAMPLE.hostileMarker}')` }, p(`${SAMPLE.hostileMarker} div`)),
      el('script', { src: 'https://evil.example/x.js' }, txt(`${SAMPLE.hostileMarker} script`)),
      el(
        'paragraph',
        { onclick: `alert('${SAMPLE.hostileMarker}')` },
        txt('Outcomes improved ', {
          text: 'click me',
          marks: { link: { href: `javascript:alert('${SAMPLE.hostileMarker}')` } },
        }),
        el('img', { src: 'x', onerror: `alert('${SAMPLE.hostileMarker}')` }, txt(`${SAMPLE.hostileMarker} img`)),
      ),
    ],
    'append',
  );
}

const consent = { obtained: true, date: '2025-02-03', howRecorded: 'Signed form held by the trust', uses: ['judging'] };

export function writeSampleItems(doc: Y.Doc): void {
  writeItem(doc, EVIDENCE_MAP, SAMPLE.items.evidence, {
    title: SAMPLE.evidenceTitle,
    kind: 'metric',
    baseline: '52% in April 2023',
    result: '91% in March 2025',
    period: 'April 2023 to March 2025',
    date: '2025-04-01',
    source: 'Trust performance report',
    sectionIds: [SAMPLE.sections.benefits],
  });
  writeItem(doc, TESTIMONIALS_MAP, SAMPLE.items.patient, {
    quote: SAMPLE.patientQuote,
    personName: SAMPLE.patientName,
    personRole: '',
    personOrganisation: '',
    kind: 'patient',
    consent,
    anonymise: true,
    date: '2025-01-20',
    sectionIds: [SAMPLE.sections.benefits],
  });
  writeItem(doc, TESTIMONIALS_MAP, SAMPLE.items.staff, {
    quote: SAMPLE.staffQuote,
    personName: SAMPLE.staffName,
    personRole: 'Consultant',
    personOrganisation: 'Example NHS Trust',
    kind: 'nhs_staff',
    consent: { ...consent, uses: ['judging', 'publication'] },
    anonymise: false,
    date: '2025-01-21',
    sectionIds: [],
  });
  writeItem(doc, TESTIMONIALS_MAP, SAMPLE.items.unconsented, {
    quote: SAMPLE.unconsentedQuote,
    personName: SAMPLE.unconsentedName,
    personRole: 'Carer of a patient',
    personOrganisation: '',
    kind: 'carer',
    consent: { obtained: false, date: '', howRecorded: '', uses: [] },
    anonymise: false,
    date: '2025-01-22',
    sectionIds: [],
  });
}
