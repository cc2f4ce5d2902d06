import { Readable } from 'node:stream';
import { type EntryDto, EVIDENCE_MAP, type ProvenanceDto } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makePdf } from '../files/inspection/testing/allowedFiles.ts';
import { HttpError } from '../http/HttpError.ts';
import type { AttachedFile } from './evidencePdf.ts';
import { createExportService, type LoadVersion } from './exportService.ts';
import { readPdf } from './testing/readBack.ts';
import { p, writeItem, writeSection } from './testing/sectionContent.ts';

/** `?version=N`: the submitted version's encoded state comes from `loadVersion`, not the live document. */

const template = findCategory('hsj-partnership-long-term-partnership')!;
const entry = {
  id: 'entry0000001',
  title: 'Versioned entry',
  programme: template.programme,
  categoryName: template.name,
  sections: template.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
  status: 'draft',
  leadOrganisation: { id: 'org-trust', name: 'Northshire NHS Trust', kind: 'nhs_trust' },
  organisations: [
    { id: 'org-supplier', name: 'MedLogix Ltd', kind: 'supplier' },
    { id: 'org-trust', name: 'Northshire NHS Trust', kind: 'nhs_trust' },
  ],
} as unknown as EntryDto;
const provenance: ProvenanceDto = { entryId: entry.id, sections: [], items: [], register: [] };

function service(loadVersion?: LoadVersion) {
  const live = new Y.Doc();
  writeSection(live, 'context-and-evolution', [p('Live text now')]);
  return createExportService({
    entries: { getEntry: async () => entry },
    provenance: { getProvenance: async () => provenance },
    documents: { readDocument: async (_id, read) => read(live) },
    loadVersion,
  });
}

describe('export service versions', () => {
  it('renders the submitted version from its encoded state', async () => {
    const submitted = new Y.Doc();
    writeSection(submitted, 'context-and-evolution', [p('Submitted words here')]);
    const state = Y.encodeStateAsUpdate(submitted);
    const exports = service(async (_id, version) => (version === 2 ? state : null));
    const file = await exports.criteriaPdf(entry.id, 'user', 2);
    expect(file.filename).toBe('Versioned entry - version 2 - criteria answers.pdf');
    const pdf = await readPdf(file.body as Buffer);
    expect(pdf.flat).toContain('Submitted words here');
    expect(pdf.flat).toContain('(submitted version 2)');
    expect(pdf.flat).toContain('Context and evolution of the partnership — 3 / 400 words');
    expect(pdf.flat).not.toContain('Live text now');
    // I11-16: the footer names the version and the partners, lead first.
    expect(pdf.flat).toContain('Versioned entry — Submitted version 2 — Northshire NHS Trust and MedLogix Ltd');
    await expect(exports.criteriaDocx(entry.id, 'user', 3)).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for every version when no submissions store is wired in', async () => {
    const exports = service();
    await expect(exports.evidencePdf(entry.id, 'user', 1)).rejects.toBeInstanceOf(HttpError);
    await expect(exports.registerCsv(entry.id, 'user', 1)).rejects.toMatchObject({ status: 404 });
    const current = await exports.criteriaPdf(entry.id, 'user', null);
    const currentPdf = await readPdf(current.body as Buffer);
    expect(currentPdf.flat).toContain('Live text now');
    expect(currentPdf.flat).toContain('Versioned entry — Draft — Northshire NHS Trust and MedLogix Ltd');
  });

  it("the evidence document of a version includes the uploads that version's items cite", async () => {
    const uploads: AttachedFile[] = [
      { id: 'aaaaaaaaaaaaaaaa', name: 'cited then.pdf', kind: 'pdf', pages: 1 },
      { id: 'bbbbbbbbbbbbbbbb', name: 'cited now.pdf', kind: 'pdf', pages: 1 },
    ];
    const bytes = new Map([
      ['aaaaaaaaaaaaaaaa', await makePdf({ text: 'Cited at submission' })],
      ['bbbbbbbbbbbbbbbb', await makePdf({ text: 'Cited since' })],
    ]);
    const listed: string[] = [];
    const submitted = new Y.Doc();
    writeItem(submitted, EVIDENCE_MAP, 'evidence0001', { title: 'Audit', kind: 'audit', files: ['aaaaaaaaaaaaaaaa'] });
    const live = new Y.Doc();
    writeItem(live, EVIDENCE_MAP, 'evidence0001', { title: 'Audit', kind: 'audit', files: ['bbbbbbbbbbbbbbbb'] });
    const exports = createExportService({
      entries: { getEntry: async () => entry },
      provenance: { getProvenance: async () => provenance },
      documents: { readDocument: async (_id, read) => read(live) },
      loadVersion: async () => Y.encodeStateAsUpdate(submitted),
      files: {
        list: async (entryId) => {
          listed.push(entryId);
          return uploads;
        },
        open: async (file) => Readable.from([bytes.get(file.id)!]),
      },
    });
    const version = await readPdf((await exports.evidencePdf(entry.id, 'user', 2)).body as Buffer);
    expect(version.flat).toContain('cited then.pdf: included below (1 page).');
    expect(version.flat).toContain('Cited at submission page 1 of 1');
    expect(version.flat).not.toContain('Cited since');
    const now = await readPdf((await exports.evidencePdf(entry.id, 'user', null)).body as Buffer);
    expect(now.flat).toContain('Cited since page 1 of 1');
    expect(now.flat).not.toContain('Cited at submission');
    expect(listed).toEqual([entry.id, entry.id]);
  });
});
