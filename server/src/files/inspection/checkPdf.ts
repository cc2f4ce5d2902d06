import { readFile } from 'node:fs/promises';
import { EncryptedPDFError, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib';
import type { InspectionLimits } from './inspectionLimits.ts';
import type { Inspection } from './inspectUpload.ts';
import { refused } from './refusal.ts';

/**
 * A PDF must parse with pdf-lib, the library that later merges its pages
 * into the evidence document: what it cannot load cannot be merged. Refused:
 * encrypted PDFs (pdf-lib cannot decrypt, so merged pages would be garbage),
 * and active content a judge's reader might run (JavaScript, launch actions,
 * embedded files), which has no place in evidence.
 */
export async function checkPdf(path: string, limits: InspectionLimits): Promise<Inspection> {
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(await readFile(path), { updateMetadata: false });
  } catch (err) {
    if (err instanceof EncryptedPDFError) {
      return refused(
        'The PDF is password-protected or encrypted, so its pages cannot be added to the evidence document. Save an unprotected copy and attach that.',
      );
    }
    return refused('The file starts like a PDF but cannot be read as one; it may be damaged.');
  }
  let pages: number;
  try {
    pages = pdf.getPageCount();
  } catch {
    return refused('The PDF’s list of pages is damaged, so it cannot be read.');
  }
  if (pages < 1) return refused('The PDF has no pages.');
  if (pages > limits.pdfPages) return refused(`The PDF has ${pages} pages; at most ${limits.pdfPages} are accepted.`);
  const active = activeContent(pdf);
  if (active) {
    return refused(
      `The PDF contains ${active}, which Jointly does not accept in evidence. Print it to a new PDF (or export it without them) and attach that.`,
    );
  }
  return { ok: true, kind: 'pdf', mime: 'application/pdf', pages };
}

const JS = PDFName.of('JS');
const JAVASCRIPT = PDFName.of('JavaScript');
const S = PDFName.of('S');
const TYPE = PDFName.of('Type');
const EF = PDFName.of('EF');
const EMBEDDED_FILES = PDFName.of('EmbeddedFiles');

/** Every object is looked at (pdf-lib has already unpacked object streams), so compressed dictionaries count too. */
function activeContent(pdf: PDFDocument): string | null {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    const action = dict.get(S);
    if (dict.has(JS) || dict.has(JAVASCRIPT) || action === JAVASCRIPT) return 'JavaScript';
    if (action === PDFName.of('Launch')) return 'an action that launches a program';
    if (dict.has(EF) || dict.get(TYPE) === PDFName.of('EmbeddedFile') || dict.has(EMBEDDED_FILES)) {
      return 'attached files';
    }
  }
  return null;
}
