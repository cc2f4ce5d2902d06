import { NOT_FOR_PUBLICATION_TEXT } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderCriteriaDocx } from './criteriaDocx.ts';
import { renderCriteriaPdf } from './criteriaPdf.ts';
import { renderEvidencePdf } from './evidencePdf.ts';
import type { ExportEntryMeta } from './exportModel.ts';
import { renderRegisterPdf } from './register.ts';
import { readDocx, readPdf } from './testing/readBack.ts';
import { SAMPLE, writeSampleItems, writeSampleSections } from './testing/sampleEntry.ts';

/**
 * Issue 17 item 5: an entry a lead marked not for publication says so in the
 * footer of every page of every export (criteria PDF and DOCX, the evidence
 * document, the contributor register), first, before the entry's name; an
 * entry not marked says nothing of it. Read back with pdf.js and the DOCX's XML.
 */

const template = findCategory(SAMPLE.categoryId)!;

function entry(notForPublication: boolean | undefined) {
  const doc = new Y.Doc();
  writeSampleSections(doc);
  writeSampleItems(doc);
  const meta: ExportEntryMeta = {
    title: 'Outpatients, together',
    programme: template.programme,
    categoryName: template.name,
    sections: template.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
    exhibitLabels: new Map(),
    organisations: ['Northshire NHS Trust', 'MedLogix Ltd'],
    ...(notForPublication === undefined ? {} : { notForPublication }),
  };
  return { doc, meta };
}

async function docxFooterText(bytes: Uint8Array): Promise<string> {
  const docx = await readDocx(bytes);
  const footers = [...docx.parts.entries()].filter(([name]) => /^word\/footer\d*\.xml$/.test(name));
  expect(footers.length).toBeGreaterThan(0);
  return footers
    .map(([, xml]) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

describe('not for publication in every export’s footer', () => {
  it('every page of the criteria PDF, the evidence document and the register starts its footer with it', async () => {
    const { doc, meta } = entry(true);
    const files = {
      criteria: await renderCriteriaPdf(doc, meta),
      evidence: await renderEvidencePdf(doc, meta),
      register: await renderRegisterPdf(doc, meta, []),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const pdf = await readPdf(bytes);
      expect(pdf.pageTexts.length, name).toBeGreaterThan(0);
      pdf.pageTexts.forEach((text, index) => {
        // A footer too long for its line is cut at its end ("MedLogix…"), never the words in front.
        expect(text, `${name} page ${index + 1}`).toContain(
          `${NOT_FOR_PUBLICATION_TEXT} — Outpatients, together — Draft — Northshire NHS Trust`,
        );
      });
    }
  });

  it('the DOCX’s footer part says it', async () => {
    const { doc, meta } = entry(true);
    expect(await docxFooterText(await renderCriteriaDocx(doc, meta))).toContain(
      `${NOT_FOR_PUBLICATION_TEXT} — Outpatients, together — Draft`,
    );
  });

  it('an entry not marked (false or absent, as before issue 17) has no such words anywhere', async () => {
    for (const flag of [false, undefined]) {
      const { doc, meta } = entry(flag);
      for (const bytes of [
        await renderCriteriaPdf(doc, meta),
        await renderEvidencePdf(doc, meta),
        await renderRegisterPdf(doc, meta, []),
      ]) {
        const pdf = await readPdf(bytes);
        expect(pdf.flat).toContain('Outpatients, together — Draft');
        expect(pdf.flat).not.toContain(NOT_FOR_PUBLICATION_TEXT);
      }
      expect(await docxFooterText(await renderCriteriaDocx(doc, meta))).not.toContain(NOT_FOR_PUBLICATION_TEXT);
    }
  });
});
