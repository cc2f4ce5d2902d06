import { EVIDENCE_MAP, TESTIMONIALS_MAP } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderCriteriaDocx } from './criteriaDocx.ts';
import { renderCriteriaPdf } from './criteriaPdf.ts';
import { renderEvidencePdf } from './evidencePdf.ts';
import type { ExportEntryMeta } from './exportModel.ts';
import { renderRegisterCsv, renderRegisterPdf } from './register.ts';
import { readDocx, readPdf } from './testing/readBack.ts';
import { SAMPLE } from './testing/sampleEntry.ts';
import { cite, p, txt, writeItem, writeSection } from './testing/sectionContent.ts';

/**
 * I11-16: what judges read is numbered E1..En with no gaps (whatever labels
 * the app kept after deletions), every citation agrees with those numbers,
 * dates read "14 February 2024", and every page says what it is and which
 * page it is.
 */

const template = findCategory(SAMPLE.categoryId)!;

/** Labels E1, E3, E8 and a withheld E5 are left (E2, E4, E6, E7 were deleted). */
function entryAfterDeletions(options: { longText?: boolean; version?: number | null } = {}) {
  const doc = new Y.Doc();
  writeItem(doc, EVIDENCE_MAP, 'evidence-a', { title: 'Waiting times', kind: 'metric', date: '2024-02-14' });
  writeItem(doc, EVIDENCE_MAP, 'evidence-c', { title: 'Clinic audit', kind: 'audit', date: '2023-11-01' });
  writeItem(doc, TESTIMONIALS_MAP, 'testimony-h', {
    quote: 'They listened.',
    personName: 'Dr Ada Khan',
    kind: 'nhs_staff',
    consent: { obtained: true, date: '2024-01-05', howRecorded: 'Signed form', uses: ['judging'] },
    date: '2024-03-09',
  });
  writeItem(doc, TESTIMONIALS_MAP, 'testimony-w', { quote: 'Private', personName: 'Ann Other', kind: 'patient' });
  const filler = options.longText
    ? Array.from({ length: 120 }, (_, i) => p(`Paragraph ${i + 1} of a long answer about the partnership.`))
    : [];
  writeSection(doc, SAMPLE.sections.context, [
    p(txt('Waits halved, '), cite('evidence-a'), txt('; the audit agreed, '), cite('evidence-c'), txt('.')),
    p(txt('Staff said so, '), cite('testimony-h'), txt('; a patient too, '), cite('testimony-w'), txt('.')),
    p(txt('A deleted exhibit: '), cite('evidence-gone'), txt('.')),
    p('Typed: see E8 and (E3); also E1–E3; and see E9.'),
    ...filler,
  ]);
  const meta: ExportEntryMeta = {
    title: 'Outpatients, together',
    programme: template.programme,
    categoryName: template.name,
    sections: template.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
    exhibitLabels: new Map([
      ['evidence-a', 'E1'],
      ['evidence-gone', 'E2'],
      ['evidence-c', 'E3'],
      ['testimony-w', 'E5'],
      ['testimony-h', 'E8'],
    ]),
    version: options.version ?? null,
    organisations: ['Northshire NHS Trust', 'MedLogix Ltd', 'Carers Together'],
  };
  return { doc, meta };
}

const FOOTER = 'Outpatients, together — Draft — Northshire NHS Trust, MedLogix Ltd and Carers Together';

describe('judge-ready exports (I11-16)', () => {
  it('I11-16: the evidence PDF numbers exhibits E1..En after deletions, withheld last, with UK dates', async () => {
    const { doc, meta } = entryAfterDeletions();
    const pdf = await readPdf(await renderEvidencePdf(doc, meta));
    const order = ['E1: Waiting times', 'E2: Clinic audit', 'E3: Testimonial — Dr Ada Khan'].map((text) =>
      pdf.flat.indexOf(text),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(pdf.flat).toContain('E4: testimonial withheld: consent not recorded');
    expect(pdf.flat).not.toMatch(/E[5-8]\b/);
    expect(pdf.flat).toContain('Date: 14 February 2024');
    expect(pdf.flat).toContain('Date: 1 November 2023');
    expect(pdf.flat).toContain('Date: 9 March 2024');
    expect(pdf.flat).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('I11-16: the criteria PDF and DOCX cite by the same judge numbers; a deleted exhibit stays flagged', async () => {
    const { doc, meta } = entryAfterDeletions();
    const pdf = await readPdf(await renderCriteriaPdf(doc, meta));
    expect(pdf.flat).toContain('Waits halved, see E1; the audit agreed, see E2.');
    expect(pdf.flat).toContain('Staff said so, see E3; a patient too, see E4.');
    expect(pdf.flat).toContain('A deleted exhibit: see [missing exhibit].');
    expect(pdf.flat).toContain('Typed: see E3 and (E2); also E1–E2; and see E9.');
    const docx = await readDocx(await renderCriteriaDocx(doc, meta));
    const texts = docx.paragraphs.map((paragraph) => paragraph.text);
    expect(texts).toContain('Waits halved, see E1; the audit agreed, see E2.');
    expect(texts).toContain('Staff said so, see E3; a patient too, see E4.');
    expect(texts).toContain('Typed: see E3 and (E2); also E1–E2; and see E9.');
  });

  it('I11-16: the register lists items by the judge numbers and leaves out deleted ones', async () => {
    const { doc, meta } = entryAfterDeletions();
    const register = [
      {
        actor: { userId: 'u1', name: 'Ann Lead', organisation: { id: 'o1', name: 'Northshire NHS Trust' } },
        sections: [],
        items: ['testimony-h', 'evidence-gone', 'evidence-c'],
        files: [],
        edits: 3,
        firstAt: '2025-01-01T00:00:00.000Z',
        lastAt: '2025-01-02T00:00:00.000Z',
      },
    ];
    expect(renderRegisterCsv(doc, meta, register)).toContain('Ann Lead,Northshire NHS Trust,,E2; E3,3,');
    expect((await readPdf(await renderRegisterPdf(doc, meta, register))).flat).toContain('E2, E3');
  });

  it('I11-16: every page of every PDF has the footer and "Page i of n"', async () => {
    const { doc, meta } = entryAfterDeletions({ longText: true });
    const files = {
      criteria: await renderCriteriaPdf(doc, meta),
      evidence: await renderEvidencePdf(doc, meta),
      register: await renderRegisterPdf(doc, meta, []),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const pdf = await readPdf(bytes);
      if (name === 'criteria') expect(pdf.pageTexts.length).toBeGreaterThan(2);
      pdf.pageTexts.forEach((text, index) => {
        expect(text, `${name} page ${index + 1}`).toContain(FOOTER);
        expect(text, `${name} page ${index + 1}`).toContain(`Page ${index + 1} of ${pdf.pageTexts.length}`);
      });
    }
  });

  it('I11-16: a submitted version says so in the footer', async () => {
    const { doc, meta } = entryAfterDeletions({ version: 3 });
    const pdf = await readPdf(await renderEvidencePdf(doc, meta));
    expect(pdf.pageTexts[0]).toContain('Outpatients, together — Submitted version 3 — Northshire NHS Trust');
    const current = await readPdf(await renderEvidencePdf(doc, { ...meta, version: null, submittedVersion: 2 }));
    expect(current.pageTexts[0]).toContain('Outpatients, together — Submitted version 2 — Northshire NHS Trust');
  });

  it('I11-16: the DOCX has a real footer part with the entry, version, partners and PAGE / NUMPAGES fields', async () => {
    const { doc, meta } = entryAfterDeletions();
    const docx = await readDocx(await renderCriteriaDocx(doc, meta));
    const body = docx.parts.get('word/document.xml')!;
    const reference = /<w:footerReference [^>]*w:type="default"[^>]*r:id="([^"]+)"/.exec(body);
    expect(reference).not.toBeNull();
    const rels = docx.parts.get('word/_rels/document.xml.rels')!;
    const target = new RegExp(`<Relationship [^>]*Id="${reference![1]}"[^>]*Target="([^"]+)"`).exec(rels);
    expect(target).not.toBeNull();
    const footer = docx.parts.get(`word/${target![1]}`)!;
    const text = [...footer.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(FOOTER);
    expect(text).toContain('Page ');
    const fields = [...footer.matchAll(/<w:instrText[^>]*>([^<]*)<\/w:instrText>/g)].map((m) => m[1]!.trim());
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
  });
});
