import { Readable } from 'node:stream';
import { EVIDENCE_MAP, TESTIMONIALS_MAP } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makePdf } from '../files/inspection/testing/allowedFiles.ts';
import { type AttachedFile, type EntryFiles, renderEvidencePdf } from './evidencePdf.ts';
import type { ExportEntryMeta } from './exportModel.ts';
import { readPdf } from './testing/readBack.ts';
import { SAMPLE, writeSampleItems } from './testing/sampleEntry.ts';
import { writeItem } from './testing/sectionContent.ts';

/** Which uploads the evidence document includes: the ones the document's items cite, in their order. */

const template = findCategory(SAMPLE.categoryId)!;
const META: ExportEntryMeta = {
  title: 'Outpatients, together',
  programme: template.programme,
  categoryName: template.name,
  sections: [],
  exhibitLabels: new Map([
    [SAMPLE.items.evidence, 'E1'],
    [SAMPLE.items.patient, 'E2'],
    [SAMPLE.items.staff, 'E3'],
    [SAMPLE.items.unconsented, 'E4'],
  ]),
  organisations: ['Example NHS Trust'],
};

const ID = {
  first: 'aaaaaaaaaaaaaaaa',
  second: 'bbbbbbbbbbbbbbbb',
  form: 'cccccccccccccccc',
  gone: 'dddddddddddddddd',
};

async function uploads(): Promise<EntryFiles> {
  const bytes = new Map<string, Buffer>([
    [ID.first, await makePdf({ text: 'First upload' })],
    [ID.second, await makePdf({ pages: 2, text: 'Second upload' })],
    [ID.form, await makePdf({ text: 'Signed consent form' })],
  ]);
  const files: AttachedFile[] = [
    { id: ID.first, name: 'first.pdf', kind: 'pdf', pages: 1 },
    { id: ID.second, name: 'second.pdf', kind: 'pdf', pages: 2 },
    { id: ID.form, name: 'consent form.pdf', kind: 'pdf', pages: 1 },
  ];
  return { files, open: async (file) => Readable.from([bytes.get(file.id)!]) };
}

function citeFiles(doc: Y.Doc, ids: string[]): void {
  const item = doc.getMap(EVIDENCE_MAP).get(SAMPLE.items.evidence) as Y.Map<unknown>;
  item.set('files', ids);
}

describe('the evidence PDF with uploads', () => {
  it("includes the files an evidence item cites, in the item's order, skipping unknown ids and consent forms", async () => {
    const doc = new Y.Doc();
    writeSampleItems(doc);
    citeFiles(doc, [ID.second, ID.gone, ID.first]);
    const staff = doc.getMap(TESTIMONIALS_MAP).get(SAMPLE.items.staff) as Y.Map<unknown>;
    staff.set('consent', { ...(staff.get('consent') as object), forms: [ID.form] });
    const pdf = await readPdf(await renderEvidencePdf(doc, META, await uploads()));
    const heading = pdf.pageTexts.findIndex((text) => text.includes(`E1: ${SAMPLE.evidenceTitle}`));
    expect(heading).toBe(1);
    expect(pdf.pageTexts[heading]).toContain('1. second.pdf: included below (2 pages). 2. first.pdf: included below');
    expect(pdf.pageTexts[heading + 1]).toContain('Second upload page 1 of 2');
    expect(pdf.pageTexts[heading + 2]).toContain('Second upload page 2 of 2');
    expect(pdf.pageTexts[heading + 3]).toContain('First upload page 1 of 1');
    expect(pdf.pageTexts[heading + 4]).toContain('E2: Testimonial');
    expect(pdf.flat).not.toContain('Signed consent form');
    expect(pdf.flat).not.toContain('consent form.pdf');
  });

  it('a submitted version (its stored state) gets the files it cited, whatever the document cites now', async () => {
    const doc = new Y.Doc();
    writeSampleItems(doc);
    citeFiles(doc, [ID.first]);
    const submitted = Y.encodeStateAsUpdate(doc);
    citeFiles(doc, [ID.second]);
    writeItem(doc, EVIDENCE_MAP, 'evidence0099', { title: 'Added later', kind: 'audit' });
    const files = await uploads();
    const version = await readPdf(await renderEvidencePdf(submitted, { ...META, version: 1 }, files));
    expect(version.flat).toContain('First upload page 1 of 1');
    expect(version.flat).not.toContain('Second upload');
    expect(version.flat).not.toContain('Added later');
    const now = await readPdf(await renderEvidencePdf(doc, META, files));
    expect(now.flat).toContain('Second upload page 2 of 2');
    expect(now.flat).not.toContain('First upload');
  });
});
