import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderCriteriaDocx } from './criteriaDocx.ts';
import { renderCriteriaPdf } from './criteriaPdf.ts';
import { renderEvidencePdf } from './evidencePdf.ts';
import { criteriaModel, type ExportEntryMeta } from './exportModel.ts';
import { csvCell, renderRegisterCsv, renderRegisterPdf } from './register.ts';
import { readDocx, readPdf } from './testing/readBack.ts';
import { SAMPLE, writeHostileContent, writeSampleItems, writeSampleSections } from './testing/sampleEntry.ts';
import { printable } from './writing/fonts.ts';

/** Renderers from a Y.Doc (or its encoded state) and metadata, read back with independent libraries. */

const template = findCategory(SAMPLE.categoryId)!;

function sample(): { doc: Y.Doc; meta: ExportEntryMeta } {
  const doc = new Y.Doc();
  writeSampleSections(doc);
  writeHostileContent(doc);
  writeSampleItems(doc);
  const meta: ExportEntryMeta = {
    title: 'Outpatients, together',
    programme: template.programme,
    categoryName: template.name,
    sections: template.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
    exhibitLabels: new Map([
      [SAMPLE.items.evidence, 'E1'],
      [SAMPLE.items.patient, 'E2'],
      [SAMPLE.items.staff, 'E3'],
      [SAMPLE.items.unconsented, 'E4'],
    ]),
    organisations: ['Example NHS Trust', 'MedLogix Ltd'],
  };
  return { doc, meta };
}

describe('export renderers', () => {
  it('the criteria PDF has real text: title, programme, every section with its count, structure and citations', async () => {
    const { doc, meta } = sample();
    const model = criteriaModel(doc, meta);
    const pdf = await readPdf(await renderCriteriaPdf(Y.encodeStateAsUpdate(doc), meta));
    expect(pdf.title).toBe('Outpatients, together');
    expect(pdf.flat).toContain('Outpatients, together');
    expect(pdf.flat).toContain(`${template.programme} — ${template.name}`);
    for (const section of model.sections) {
      expect(pdf.flat).toContain(`${section.title} — ${section.words} / ${section.wordLimit} words`);
    }
    expect(model.sections[0]!.words).toBeGreaterThan(20);
    expect(pdf.flat).toContain('How the partnership began');
    expect(pdf.flat).toContain('redesigned outpatient care');
    expect(pdf.flat).toContain('see E1');
    expect(pdf.flat).toContain('see E2');
    expect(pdf.flat).toMatch(/•\s*Joint clinics in three towns/);
    expect(pdf.flat).toMatch(/2\.\s*Measure always/);
    expect(pdf.flat).toContain('Patients said it felt like one service.');
    expect(pdf.links).toEqual(['https://www.example.nhs.uk/report']);
    expect(pdf.flat).not.toContain(SAMPLE.hostileMarker);
  });

  it('the criteria DOCX has headings, list paragraphs, bold runs, safe links and nothing hostile', async () => {
    const { doc, meta } = sample();
    const model = criteriaModel(doc, meta);
    const docx = await readDocx(await renderCriteriaDocx(doc, meta));
    const texts = docx.paragraphs.map((p) => p.text);
    expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: 'Outpatients, together' });
    const sectionHeadings = docx.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(sectionHeadings).toEqual(model.sections.map((s) => `${s.title} — ${s.words} / ${s.wordLimit} words`));
    expect(docx.paragraphs.find((p) => p.text === 'How the partnership began')?.style).toBe('Heading2');
    const bullet = docx.paragraphs.find((p) => p.text === 'Joint clinics in three towns');
    const numbered = docx.paragraphs.find((p) => p.text === 'Measure always');
    expect(bullet?.numbering).not.toBeNull();
    expect(numbered?.numbering).not.toBeNull();
    expect(docx.decimalNumberingIds.has(numbered!.numbering!.id)).toBe(true);
    expect(docx.decimalNumberingIds.has(bullet!.numbering!.id)).toBe(false);
    const body = docx.paragraphs.find((p) => p.text.startsWith('Since 2015'))!;
    expect(body.runs.find((r) => r.text === 'redesigned outpatient care')).toMatchObject({ bold: true });
    expect(body.runs.find((r) => r.text === 'with patients')).toMatchObject({ italic: true, bold: false });
    expect(body.text).toContain('see E1');
    expect([...docx.linkTargets.values()]).toEqual(['https://www.example.nhs.uk/report']);
    expect(body.hyperlinks).toHaveLength(1);
    expect(texts).toContain('Patients said it felt like one service.');
    for (const xml of docx.parts.values()) {
      expect(xml).not.toContain(SAMPLE.hostileMarker);
      expect(xml).not.toMatch(/javascript:|onclick|onerror/i);
    }
  });

  it('the evidence PDF numbers exhibits in label order, anonymises, and withholds a testimonial without consent', async () => {
    const { doc, meta } = sample();
    const pdf = await readPdf(await renderEvidencePdf(doc, meta));
    const positions = ['E1: ', 'E2: ', 'E3: '].map((label) => pdf.flat.indexOf(label));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(pdf.flat).toContain(`E1: ${SAMPLE.evidenceTitle}`);
    expect(pdf.flat).toContain('Baseline: 52% in April 2023');
    expect(pdf.flat).toContain('Result: 91% in March 2025');
    expect(pdf.flat).toContain('E2: Testimonial — A patient');
    expect(pdf.flat).toContain(SAMPLE.patientQuote);
    expect(pdf.flat).not.toContain(SAMPLE.patientName);
    expect(pdf.flat).toContain(`E3: Testimonial — ${SAMPLE.staffName}, Consultant, Example NHS Trust`);
    expect(pdf.flat).toContain('E4: testimonial withheld: consent not recorded');
    expect(pdf.flat).not.toContain(SAMPLE.unconsentedQuote);
    expect(pdf.flat).not.toContain(SAMPLE.unconsentedName);
    expect(pdf.flat).not.toContain('Carer of a patient');
  });

  it('the register renders as a PDF table and as CSV with formula cells neutralised', async () => {
    const { doc, meta } = sample();
    const register = [
      {
        actor: { userId: 'u1', name: 'Ann Lead', organisation: { id: 'o1', name: 'Example NHS Trust' } },
        sections: ['benefits-and-outcomes', 'context-and-evolution'],
        items: [SAMPLE.items.staff, SAMPLE.items.evidence],
        files: [],
        edits: 12,
        firstAt: '2025-01-01T00:00:00.000Z',
        lastAt: '2025-01-02T00:00:00.000Z',
      },
      {
        actor: { userId: 'u2', name: '=HYPERLINK("http://evil")', organisation: { id: 'o2', name: 'Supplier, Ltd' } },
        sections: [],
        items: [],
        files: [],
        edits: 1,
        firstAt: '2025-01-03T00:00:00.000Z',
        lastAt: '2025-01-03T00:00:00.000Z',
      },
    ];
    const pdf = await readPdf(await renderRegisterPdf(doc, meta, register));
    for (const text of [
      'Person',
      'Organisation',
      'Sections',
      'Items',
      'Edits',
      'Ann Lead',
      'Example NHS Trust',
      'E1, E3',
      '12',
    ]) {
      expect(pdf.flat).toContain(text);
    }
    expect(pdf.flat).toContain('Context and evolution of the partnership');
    const csv = renderRegisterCsv(doc, meta, register);
    expect(csv.startsWith('\ufeffPerson,Organisation,Sections,Items,Edits,')).toBe(true);
    expect(csv).toContain(
      'Ann Lead,Example NHS Trust,Context and evolution of the partnership; Benefits and measurable outcomes,E1; E3,12,',
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")","Supplier, Ltd",,,1,`);
    expect(csvCell('-1')).toBe("'-1");
  });

  it('PDF text keeps every character the embedded fonts have and stands in for the rest', () => {
    expect(printable('£5 – “quoted” café … €')).toBe('£5 – “quoted” café … €');
    expect(printable('Łódź Nguyễn Ελένη Дмитрий عائشة')).toBe('Łódź Nguyễn Ελένη Дмитрий عائشة');
    // No embedded font has Chinese characters; a control character goes, a tab is a space.
    expect(printable('日本\u0007\tx')).toBe('?? x');
  });
});
