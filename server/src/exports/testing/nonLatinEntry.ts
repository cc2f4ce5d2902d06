import { Readable } from 'node:stream';
import type { ContributorRegisterRowDto } from '@jointly/shared';
import { EVIDENCE_MAP, TESTIMONIALS_MAP } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import * as Y from 'yjs';
import { makePng } from '../../files/inspection/testing/allowedFiles.ts';
import type { EntryFiles } from '../evidencePdf.ts';
import type { ExportEntryMeta } from '../exportModel.ts';
import { bold, cite, el, italic, link, p, txt, writeItem, writeSection } from './sectionContent.ts';

/**
 * An entry full of names in other scripts, for the tests of accessible
 * exports (issue 18 item 5): Latin with diacritics, Polish, Vietnamese,
 * Greek, Cyrillic, and Arabic written right to left, in the section text,
 * the items, the organisations, the register and an uploaded image and CSV.
 */

export const NAMES = {
  zoe: 'Zoë Ångström',
  lukasz: 'Łukasz Wiśniewski',
  nguyen: 'Nguyễn Thị Minh Khai',
  aisha: 'عائشة الراشد',
  eleni: 'Ελένη Παππά',
  dmitry: 'Дмитрий Иванов',
} as const;

export const ORGANISATIONS = ['Leeds NHS Trust', 'مستشفى النور', 'Ωμέγα Υγεία ΑΕ'] as const;

/** A paragraph wholly in Arabic: set right to left, and read back whole. */
export const ARABIC_PARAGRAPH = 'قالت عائشة الراشد إن الخدمة أصبحت أسرع بكثير للمرضى';

const template = findCategory('hsj-partnership-long-term-partnership')!;
const SECTIONS = { context: 'context-and-evolution', benefits: 'benefits-and-outcomes' };
const ITEMS = { evidence: 'evidence0001', testimonial: 'testimony0001' };
const FILES = { chart: 'aaaaaaaaaaaaaaaa', table: 'bbbbbbbbbbbbbbbb' };

export function nonLatinEntry(): { doc: Y.Doc; meta: ExportEntryMeta } {
  const doc = new Y.Doc();
  writeSection(doc, SECTIONS.context, [
    el('heading', { level: 3 }, txt(`How ${NAMES.zoe} and ${NAMES.aisha} met`)),
    p(
      txt(
        'The partnership was led by ',
        bold(NAMES.lukasz),
        ' and ',
        italic(NAMES.aisha),
        ' (Leeds). Read ',
        link('the annual report', 'https://www.example.nhs.uk/report'),
        ` for detail; ${NAMES.nguyen} agreed, `,
      ),
      cite(ITEMS.evidence),
      txt('.'),
    ),
    p(ARABIC_PARAGRAPH),
    el(
      'bulletList',
      {},
      el('listItem', {}, p(`Clinics run by ${NAMES.eleni}`)),
      el('listItem', {}, p(`Training by ${NAMES.dmitry}`)),
    ),
    el('orderedList', { start: 1 }, el('listItem', {}, p('Listen first')), el('listItem', {}, p('Measure always'))),
    el('blockquote', {}, p('Patients said it felt like one service.')),
  ]);
  writeSection(doc, SECTIONS.benefits, [p(txt('Waiting times fell by half, '), cite(ITEMS.testimonial), txt('.'))]);
  writeItem(doc, EVIDENCE_MAP, ITEMS.evidence, {
    title: `Waiting times audit by ${NAMES.nguyen}`,
    kind: 'metric',
    baseline: '52% in April 2023',
    result: '91% in March 2025',
    period: 'April 2023 to March 2025',
    date: '2025-04-01',
    source: `Report by ${NAMES.eleni}`,
    sectionIds: [SECTIONS.benefits],
    files: [FILES.chart, FILES.table],
  });
  writeItem(doc, TESTIMONIALS_MAP, ITEMS.testimonial, {
    quote: `${NAMES.dmitry} made the clinic feel like home.`,
    personName: NAMES.aisha,
    personRole: 'Nurse',
    personOrganisation: ORGANISATIONS[1],
    kind: 'nhs_staff',
    consent: { obtained: true, date: '2025-02-03', howRecorded: 'Signed form', uses: ['judging', 'publication'] },
    anonymise: false,
    date: '2025-01-21',
    sectionIds: [SECTIONS.benefits],
  });
  const meta: ExportEntryMeta = {
    title: `Outpatients with ${NAMES.zoe} and ${NAMES.aisha}`,
    programme: template.programme,
    categoryName: template.name,
    sections: template.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
    exhibitLabels: new Map([
      [ITEMS.evidence, 'E1'],
      [ITEMS.testimonial, 'E2'],
    ]),
    organisations: [...ORGANISATIONS],
  };
  return { doc, meta };
}

/** The uploads the evidence item cites: a chart (PNG) and a table (CSV) with names in it. */
export async function nonLatinUploads(): Promise<EntryFiles> {
  const bytes = new Map<string, Buffer>([
    [FILES.chart, await makePng(600, 400)],
    [
      FILES.table,
      Buffer.from(`Name,Organisation,Clinics\n${NAMES.aisha},${ORGANISATIONS[1]},12\n${NAMES.eleni},Ωμέγα,7\n`),
    ],
  ]);
  return {
    files: [
      { id: FILES.chart, name: `chart by ${NAMES.zoe}.png`, kind: 'png' },
      { id: FILES.table, name: 'clinics.csv', kind: 'csv' },
    ],
    open: async (file) => Readable.from([bytes.get(file.id)!]),
  };
}

/** The register: one row per name, as the provenance service gives it. */
export function nonLatinRegister(): ContributorRegisterRowDto[] {
  const organisation = (index: number) => ({ id: `o${index}`, name: ORGANISATIONS[index % ORGANISATIONS.length]! });
  return Object.values(NAMES).map((name, index) => ({
    actor: { userId: `u${index}`, name, organisation: organisation(index) },
    sections: index % 2 === 0 ? [SECTIONS.context] : [SECTIONS.benefits],
    items: index === 0 ? [ITEMS.evidence] : [],
    files: [],
    edits: index + 1,
    firstAt: '2025-01-01T00:00:00.000Z',
    lastAt: '2025-01-02T00:00:00.000Z',
  }));
}
