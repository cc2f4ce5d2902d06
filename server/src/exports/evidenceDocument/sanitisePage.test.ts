import { PDFDict, PDFDocument, PDFName, PDFStream, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../testing/readBack.ts';
import { compileEvidenceDocument } from './compileEvidenceDocument.ts';
import { exhibitFile } from './testing/exhibitFiles.ts';

/** Actions a merged page carried: only links to web or mail addresses, or within the document, are kept. */

type Dict = { [key: string]: string | PDFString | Dict };

async function pdfWithActions(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('A page with actions', { x: 50, y: 700, size: 14 });
  const { context } = pdf;
  const link = (action: Dict, y: number, extra: Dict = {}) =>
    context.register(
      context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [50, y, 250, y + 20],
        Border: [0, 0, 0],
        A: action,
        ...extra,
      }),
    );
  const javascript: Dict = { S: 'JavaScript', JS: PDFString.of('app.alert(1)') };
  page.node.set(PDFName.of('AA'), context.obj({ O: javascript }));
  page.node.set(
    PDFName.of('Annots'),
    context.obj([
      link({ S: 'URI', URI: PDFString.of('https://example.org/report') }, 600),
      link(javascript, 560),
      link({ S: 'URI', URI: PDFString.of('javascript:alert(1)') }, 520),
      link({ S: 'Launch', F: PDFString.of('calc.exe') }, 480),
      link({ S: 'URI', URI: PDFString.of('https://example.org/other') }, 440, { AA: { E: javascript } }),
    ]),
  );
  return pdf.save();
}

function actionsIn(pdf: PDFDocument): string[] {
  const found: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    // Structure elements (the tags) have a structure type in /S, and a parent: they are not actions.
    if (dict.has(PDFName.of('P')) && dict.has(PDFName.of('S'))) continue;
    if (dict.has(PDFName.of('AA'))) found.push('AA');
    if (dict.has(PDFName.of('JS'))) found.push('JS');
    const kind = dict.get(PDFName.of('S'));
    if (kind instanceof PDFName && kind !== PDFName.of('URI') && kind !== PDFName.of('GoTo'))
      found.push(kind.asString());
  }
  return found;
}

describe('merged pages keep no active content', () => {
  it('drops page and annotation triggers, JavaScript, launch and javascript: links; keeps web links', async () => {
    const source = await pdfWithActions();
    expect(actionsIn(await PDFDocument.load(source))).not.toEqual([]);
    const model = {
      entry: { title: 'Entry', programme: 'P', categoryName: 'C', organisations: [] },
      exhibits: [{ kind: 'evidence' as const, label: 'E1', itemId: 'a', title: 'Actions', fields: [] }],
      withheld: [],
    };
    const bytes = await compileEvidenceDocument(model, () => [exhibitFile('actions.pdf', 'pdf', source)]);
    expect(actionsIn(await PDFDocument.load(bytes))).toEqual([]);
    const read = await readPdf(bytes);
    expect(read.pageTexts[2]).toContain('A page with actions');
    expect(read.links.sort()).toEqual(['https://example.org/other', 'https://example.org/report']);
  });
});
