import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { FILE_TYPES } from '@jointly/shared';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  type PDFRef,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { pdfText } from '../writing/pdfWriter.ts';
import type { ExhibitFile } from './compileEvidenceDocument.ts';
import type { OfficeConversion } from './convertOfficeFiles.ts';
import { parseCsv, renderCsvTable } from './csvTable.ts';
import { embedPng } from './embedPng.ts';
import { sanitisePage } from './sanitisePage.ts';
import { PAGE_MARGINS } from './textPages.ts';

/**
 * One attached file's pages appended to the compiled document, or the
 * sentence its exhibit shows instead. Only this file's bytes are held while
 * it is copied; nothing of it is kept afterwards but the pages in `out`.
 */

export type Attached = { pages: number; note: string };

/**
 * The stream's bytes in an array of their own. pdf-lib reads images through
 * `new DataView(bytes.buffer)`, ignoring the offset, so a view into Node's
 * shared Buffer pool would be misread (as "SOI not found in JPEG").
 */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    chunks.push(bytes);
    length += bytes.byteLength;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** `bytes` as an array that starts its own buffer (see readStream). */
const ownBuffer = (bytes: Uint8Array) =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();

export async function saveStream(stream: NodeJS.ReadableStream, path: string): Promise<void> {
  await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
}

const pagesNote = (pages: number) => `included below (${pages} ${pages === 1 ? 'page' : 'pages'}).`;

/** Every page of a PDF's bytes appended to `out`; a password-protected or unreadable one is named, not included. */
export async function appendPdf(out: PDFDocument, bytes: Uint8Array): Promise<Attached> {
  let source: PDFDocument;
  try {
    // Parsing yields to the event loop between batches of objects. Encryption is checked on the parsed
    // document: pdf-lib's EncryptedPDFError is compiled to ES5 and fails `instanceof`.
    source = await PDFDocument.load(ownBuffer(bytes), { updateMetadata: false, ignoreEncryption: true });
  } catch {
    return { pages: 0, note: 'could not be included: it could not be read as a PDF. It is attached separately.' };
  }
  if (source.isEncrypted) {
    return { pages: 0, note: 'could not be included: it is password-protected. It is attached separately.' };
  }
  try {
    const count = source.getPageCount();
    if (count === 0) return { pages: 0, note: 'could not be included: it has no pages.' };
    const copied = await out.copyPages(source, source.getPageIndices());
    for (const page of copied) {
      sanitisePage(page);
      out.addPage(page);
    }
    return { pages: copied.length, note: pagesNote(copied.length) };
  } catch {
    return { pages: 0, note: 'could not be included: it could not be read as a PDF. It is attached separately.' };
  }
}

/** A4 portrait, or landscape for a wider-than-tall image. */
const A4 = { short: 595.28, long: 841.89 };
const CAPTION_SIZE = 10;

/** The image on its own A4 page, scaled down to fit within the margins (never enlarged past 1 pt a pixel). */
export async function appendImage(
  out: PDFDocument,
  kind: 'png' | 'jpeg',
  bytes: Uint8Array,
  name: string,
): Promise<Attached> {
  let image: { ref: PDFRef; width: number; height: number };
  try {
    image = kind === 'png' ? await embedPng(out, bytes) : await out.embedJpg(ownBuffer(bytes));
  } catch {
    return { pages: 0, note: 'could not be included: the image could not be read. It is attached separately.' };
  }
  const landscape = image.width > image.height;
  const [pageWidth, pageHeight] = landscape ? [A4.long, A4.short] : [A4.short, A4.long];
  const page = out.addPage([pageWidth, pageHeight]);
  const { left, right, top, bottom } = PAGE_MARGINS;
  const font = await out.embedFont('Helvetica');
  const caption = pdfText(name);
  page.drawText(caption, {
    x: left,
    y: pageHeight - top - CAPTION_SIZE,
    size: CAPTION_SIZE,
    font,
    maxWidth: pageWidth - left - right,
  });
  const boxWidth = pageWidth - left - right;
  const boxHeight = pageHeight - top - bottom - CAPTION_SIZE * 2;
  const scale = Math.min(boxWidth / image.width, boxHeight / image.height, 1);
  const width = image.width * scale;
  const height = image.height * scale;
  const xObject = page.node.newXObject('Image', image.ref);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(width, 0, 0, height, left + (boxWidth - width) / 2, bottom + (boxHeight - height) / 2),
    drawObject(xObject),
    popGraphicsState(),
  );
  return { pages: 1, note: pagesNote(1) };
}

/** A CSV file printed as a table (csvTable.ts). */
export async function appendCsv(out: PDFDocument, bytes: Uint8Array, name: string): Promise<Attached> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const rows = parseCsv(text);
  if (rows.length === 0) return { pages: 0, note: 'is empty.' };
  return appendPdf(out, await renderCsvTable(name, rows));
}

const officeLabel = (kind: ExhibitFile['kind']) => FILE_TYPES[kind].label;

/** An Office file's converted pages, or why they are not here. */
export async function appendConverted(
  out: PDFDocument,
  file: ExhibitFile,
  conversion: OfficeConversion | undefined,
): Promise<Attached> {
  if (!conversion || (!conversion.ok && conversion.reason === 'unavailable')) {
    return { pages: 0, note: `attached separately (${officeLabel(file.kind)}).` };
  }
  if (!conversion.ok) {
    const why = conversion.reason === 'timeout' ? 'took too long to convert to PDF' : 'could not be converted to PDF';
    return { pages: 0, note: `${why}; it is attached separately (${officeLabel(file.kind)}).` };
  }
  const attached = await appendPdf(out, await readFile(conversion.pdfPath));
  if (attached.pages === 0) {
    return { pages: 0, note: `could not be converted to PDF; it is attached separately (${officeLabel(file.kind)}).` };
  }
  return { pages: attached.pages, note: `converted to PDF and ${pagesNote(attached.pages)}` };
}
