import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeShortFieldText } from '../collab/testing/writeShortFieldText.ts';
import { renderCriteriaDocx } from './criteriaDocx.ts';
import { renderCriteriaPdf } from './criteriaPdf.ts';
import type { ExportEntryMeta } from './exportModel.ts';
import { readDocx, readPdf } from './testing/readBack.ts';
import { writeSampleSections } from './testing/sampleEntry.ts';

/** Issue 17 item 1: the criteria PDF and DOCX show the award's short fields under the title, in order. */
const template = findCategory('hsj-partnership-long-term-partnership')!;

function entry(): { doc: Y.Doc; meta: ExportEntryMeta } {
  const doc = new Y.Doc();
  writeSampleSections(doc);
  writeShortFieldText(doc, 'project-title', 'Outpatients, together');
  writeShortFieldText(doc, 'summary', 'Two organisations halved waiting times in a year.');
  writeShortFieldText(doc, 'undeclared', 'Never shown');
  const meta: ExportEntryMeta = {
    title: 'Outpatients entry',
    programme: template.programme,
    categoryName: template.name,
    sections: template.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
    exhibitLabels: new Map(),
    organisations: ['Example NHS Trust', 'MedLogix Ltd'],
    shortFields: template.shortFields ?? [],
  };
  return { doc, meta };
}

describe('the award’s short fields in the criteria exports', () => {
  it('the PDF has each field written as "Label: text" under the title and before the first section', async () => {
    const { doc, meta } = entry();
    const pdf = await readPdf(await renderCriteriaPdf(Y.encodeStateAsUpdate(doc), meta));
    const title = pdf.flat.indexOf('Project title: Outpatients, together');
    const summary = pdf.flat.indexOf(
      'Summary for the judges (50 words): Two organisations halved waiting times in a year.',
    );
    expect(title).toBeGreaterThan(pdf.flat.indexOf('Outpatients entry'));
    expect(summary).toBeGreaterThan(title);
    expect(pdf.flat.indexOf(template.sections[0]!.title)).toBeGreaterThan(summary);
    expect(pdf.flat).not.toContain('Never shown');
  });

  it('the DOCX has them as paragraphs with the label bold, after the subtitle; an empty field is left out', async () => {
    const { doc, meta } = entry();
    doc.transact(() => {
      const text = doc.getMap<Y.Text>('shortFields').get('summary')!;
      text.delete(0, text.length);
    });
    const docx = await readDocx(await renderCriteriaDocx(doc, meta));
    const texts = docx.paragraphs.map((p) => p.text);
    const at = texts.indexOf('Project title: Outpatients, together');
    expect(at).toBe(2);
    expect(docx.paragraphs[at]!.runs[0]).toMatchObject({ text: 'Project title: ', bold: true });
    expect(texts.some((text) => text.startsWith('Summary for the judges'))).toBe(false);
    expect(texts.join('\n')).not.toContain('Never shown');
  });
});
