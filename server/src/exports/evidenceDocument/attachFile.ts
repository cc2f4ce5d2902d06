import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { FILE_TYPES } from '@jointly/shared';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  type PDFPage,
  type PDFRef,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import type { ExhibitFile } from './compileEvidenceDocument.ts';
import type { OfficeConversion } from './convertOfficeFiles.ts';
import { parseCsv } from './csvTable.ts';
import { embedPng } from './embedPng.ts';
import { sanitisePage } from './sanitisePage.ts';
import type { StructureTree } from './structureTree.ts';
import { PAGE_MARGINS } from './textPages.ts';

/**
 * One attached file read for the compiled document: its pages copied in,
 * its image embedded or its table parsed, or the sentence its exhibit shows
 * instead. Only this file's bytes are held while it is read; nothing of it is
 * kept afterwards but what is in `out` (and a CSV's cells until printed).
 */

export type EmbeddedImage = { ref: PDFRef; width: number; height: number };

/** What an attached file gives the document: its pages, an image or a table to print, or nothing. */
export type Part =
  | { kind: 'pages'; pages: PDFPage[] }
  | { kind: 'image'; image: EmbeddedImage; name: string }
  | { kind: 'csv'; rows: string[][]; name: string };

/** The file's part, and the sentence its exhibit's heading says of it (a CSV's is known once it is printed). */
export type Attached = { note: string; part: Part | null };

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

export const pagesNote = (pages: number) => `included below (${pages} ${pages === 1 ? 'page' : 'pages'}).`;

/** A PDF's pages copied into `out` (not placed yet); a password-protected or unreadable one is named, not included. */
export async function readPdfPages(out: PDFDocument, bytes: Uint8Array): Promise<Attached> {
  let source: PDFDocument;
  try {
    // Parsing yields to the event loop between batches of objects. Encryption is checked on the parsed
    // document: pdf-lib's EncryptedPDFError is compiled to ES5 and fails `instanceof`.
    source = await PDFDocument.load(ownBuffer(bytes), { updateMetadata: false, ignoreEncryption: true });
  } catch {
    return { note: 'could not be included: it could not be read as a PDF. It is attached separately.', part: null };
  }
  if (source.isEncrypted) {
    return { note: 'could not be included: it is password-protected. It is attached separately.', part: null };
  }
  try {
    const count = source.getPageCount();
    if (count === 0) return { note: 'could not be included: it has no pages.', part: null };
    const pages = await out.copyPages(source, source.getPageIndices());
    for (const page of pages) sanitisePage(page);
    return { note: pagesNote(pages.length), part: { kind: 'pages', pages } };
  } catch {
    return { note: 'could not be included: it could not be read as a PDF. It is attached separately.', part: null };
  }
}

/** An image embedded in `out`, to be drawn on its own A4 page under its caption. */
export async function readImage(
  out: PDFDocument,
  kind: 'png' | 'jpeg',
  bytes: Uint8Array,
  name: string,
): Promise<Attached> {
  try {
    const image = kind === 'png' ? await embedPng(out, bytes) : await out.embedJpg(ownBuffer(bytes));
    return { note: pagesNote(1), part: { kind: 'image', image, name } };
  } catch {
    return { note: 'could not be included: the image could not be read. It is attached separately.', part: null };
  }
}

/** A4 portrait, or landscape for a wider-than-tall image. */
export const A4 = { short: 595.28, long: 841.89 };
const CAPTION_ROOM = 24;

/**
 * The image drawn on its page (which has its caption at the top), scaled
 * down to fit within the margins (never enlarged past 1 pt a pixel), tagged
 * as a Figure of `parent` with `alt` as its text.
 */
export function drawImage(
  structure: StructureTree,
  page: PDFPage,
  parent: PDFRef,
  image: EmbeddedImage,
  alt: string,
): void {
  const { width: pageWidth, height: pageHeight } = page.getSize();
  const { left, right, top, bottom } = PAGE_MARGINS;
  const boxWidth = pageWidth - left - right;
  const boxHeight = pageHeight - top - bottom - CAPTION_ROOM;
  const scale = Math.min(boxWidth / image.width, boxHeight / image.height, 1);
  const width = image.width * scale;
  const height = image.height * scale;
  const x = left + (boxWidth - width) / 2;
  const y = bottom + (boxHeight - height) / 2;
  const xObject = page.node.newXObject('Image', image.ref);
  structure.figure(
    page,
    parent,
    alt,
    [x, y, x + width, y + height],
    [
      pushGraphicsState(),
      concatTransformationMatrix(width, 0, 0, height, x, y),
      drawObject(xObject),
      popGraphicsState(),
    ],
  );
}

/** A CSV file, to be printed as a table (csvTable.ts). */
export function readCsv(bytes: Uint8Array, name: string): Attached {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const rows = parseCsv(text);
  if (rows.length === 0) return { note: 'is empty.', part: null };
  return { note: '', part: { kind: 'csv', rows, name } };
}

const officeLabel = (kind: ExhibitFile['kind']) => FILE_TYPES[kind].label;

/** An Office file's converted pages, or why they are not here. */
export async function readConverted(
  out: PDFDocument,
  file: ExhibitFile,
  conversion: OfficeConversion | undefined,
): Promise<Attached> {
  if (!conversion || (!conversion.ok && conversion.reason === 'unavailable')) {
    return { note: `attached separately (${officeLabel(file.kind)}).`, part: null };
  }
  if (!conversion.ok) {
    const why = conversion.reason === 'timeout' ? 'took too long to convert to PDF' : 'could not be converted to PDF';
    return { note: `${why}; it is attached separately (${officeLabel(file.kind)}).`, part: null };
  }
  const attached = await readPdfPages(out, await readFile(conversion.pdfPath));
  if (attached.part?.kind !== 'pages') {
    return {
      note: `could not be converted to PDF; it is attached separately (${officeLabel(file.kind)}).`,
      part: null,
    };
  }
  return { note: `converted to PDF and ${attached.note}`, part: attached.part };
}
