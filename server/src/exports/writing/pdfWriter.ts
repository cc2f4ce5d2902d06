import PDFDocument from 'pdfkit';
import { type EntryHeading, footerText, pageOf } from './exportText.ts';
import { isolate, registerFonts } from './fonts.ts';
import type { Span } from './lineLayout.ts';
import { child, type Struct } from './tagging.ts';
import { lineHeightOf, writeOneLine, writeText } from './textFlow.ts';

/**
 * The PDFs Jointly writes with pdfkit: A4, the fonts of fonts.ts embedded
 * (subsets), and tagged for accessibility (PDF/UA-1, ISO 14289-1): a
 * structure tree under one Document element, the document language
 * (en-GB), the title shown in the reader's title bar, page furniture marked
 * as artifacts.
 */

export const COLOUR = { text: '#212b32', muted: '#4c6272', link: '#005eb8', rule: '#aeb7bd' } as const;

export const DOCUMENT_LANGUAGE = 'en-GB';

export type PdfWriter = { doc: PDFKit.PDFDocument; root: Struct; finish(): Promise<Buffer> };

const FOOTER_SIZE = 8.5;
const PAGE_NUMBER_WIDTH = 90;

/** The footer of a PDF: as every export's, each name isolated so a right-to-left one keeps its place. */
export const pdfFooterText = (entry: EntryHeading) =>
  footerText({ ...entry, title: isolate(entry.title), organisations: entry.organisations.map(isolate) });

/** The bytes pdfkit writes for `doc`, once it is ended (listen before writing anything). */
export function pdfBytesOf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export type DocumentOptions = {
  margins: { top: number; bottom: number; left: number; right: number };
  /** The document's title (shown by readers) and subject; a part merged into another document has none. */
  info?: { title: string; subject: string };
  /** Keep pages until the end, to write on each once their number is known. */
  bufferPages?: boolean;
  /** Declare PDF/UA-1 conformance in the metadata (only for documents that are wholly ours). */
  pdfUa?: boolean;
  /** Start with a page (the default). */
  autoFirstPage?: boolean;
  /** Tagged (the default); an overlay of stamps is not, its content becomes an artifact of the page it is put on. */
  tagged?: boolean;
};

/** A new A4 pdfkit document with the fonts registered and, when tagged, the Document element at the root. */
export function newDocument(options: DocumentOptions): { doc: PDFKit.PDFDocument; root: Struct | null } {
  const tagged = options.tagged ?? true;
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: options.bufferPages ?? false,
    autoFirstPage: options.autoFirstPage ?? true,
    margins: options.margins,
    pdfVersion: '1.7',
    lang: DOCUMENT_LANGUAGE,
    tagged,
    ...(options.pdfUa ? { subset: 'PDF/UA' as unknown as PDFKit.Mixins.PDFSubsets } : {}),
    ...(options.info
      ? {
          displayTitle: true,
          info: { Title: options.info.title, Subject: options.info.subject, Author: 'Jointly', Creator: 'Jointly' },
        }
      : {}),
  });
  registerFonts(doc);
  doc.font('Sans');
  if (options.autoFirstPage ?? true) doc.fillColor(COLOUR.text);
  if (!tagged) return { doc, root: null };
  const root = doc.struct('Document');
  doc.addStructure(root);
  return { doc, root };
}

/**
 * A new document with its metadata; `finish` ends it and resolves with its
 * bytes. Pages are kept until then so each can get its footer (`footer`, and
 * "Page 3 of 12", I11-16) once the number of pages is known.
 */
export function createPdf(info: { title: string; subject: string; footer: string }): PdfWriter {
  const { doc, root } = newDocument({
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info,
    bufferPages: true,
    pdfUa: true,
  });
  const done = pdfBytesOf(doc);
  return {
    doc,
    root: root!,
    finish() {
      writeFooters(doc, info.footer);
      root!.end();
      doc.end();
      return done;
    },
  };
}

/** The footer on every page, in the bottom margin, as an artifact: what the document is on the left, its page number on the right. */
function writeFooters(doc: PDFKit.PDFDocument, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const { margins } = doc.page;
    const width = doc.page.width - margins.left - margins.right;
    const y = doc.page.height - margins.bottom + 20;
    doc.y = y;
    writeOneLine(doc, [{ text: footer }], {
      x: margins.left,
      width: width - PAGE_NUMBER_WIDTH,
      size: FOOTER_SIZE,
      colour: COLOUR.muted,
      target: 'artifact',
      noPageBreak: true,
    });
    doc.y = y;
    writeOneLine(doc, [{ text: pageOf(index - start + 1, count) }], {
      x: margins.left + width - PAGE_NUMBER_WIDTH,
      width: PAGE_NUMBER_WIDTH,
      size: FOOTER_SIZE,
      colour: COLOUR.muted,
      target: 'artifact',
      align: 'end',
      noPageBreak: true,
    });
  }
  doc.fillColor(COLOUR.text);
}

/** Text as one element of the structure (P, H1, H2 …) at the left margin, full width unless told. */
export function writeBlock(
  doc: PDFKit.PDFDocument,
  parent: Struct,
  type: string,
  spans: readonly Span[] | string,
  options: { size: number; bold?: boolean; italic?: boolean; colour?: string; x?: number; width?: number },
): Struct {
  const element = child(doc, parent, type);
  const x = options.x ?? doc.page.margins.left;
  const width = options.width ?? doc.page.width - doc.page.margins.right - x;
  const list =
    typeof spans === 'string'
      ? [{ text: spans, bold: options.bold ?? false, italic: options.italic ?? false }]
      : spans.map((span) => ({ ...span, bold: span.bold || options.bold, italic: span.italic || options.italic }));
  writeText(doc, list, {
    x,
    width,
    size: options.size,
    target: { owner: element, tag: type },
    ...(options.colour ? { colour: options.colour } : {}),
  });
  element.end();
  return element;
}

/** The title block every export starts with: what the document is, the entry title (the H1), programme and category. */
export function writeTitleBlock(
  doc: PDFKit.PDFDocument,
  root: Struct,
  heading: string,
  title: string,
  subtitle: string,
): void {
  writeBlock(doc, root, 'P', heading, { size: 11, bold: true, colour: COLOUR.muted });
  moveDown(doc, 11, 0.3);
  writeBlock(doc, root, 'H1', title, { size: 20, bold: true });
  moveDown(doc, 20, 0.3);
  writeBlock(doc, root, 'P', subtitle, { size: 12, colour: COLOUR.muted });
  moveDown(doc, 12, 1);
}

/** Leaves `lines` lines of `size` points blank. */
export function moveDown(doc: PDFKit.PDFDocument, size: number, lines: number): void {
  doc.y += lineHeightOf(size) * lines;
}

/** Starts a new page when fewer than `points` remain, so a heading is not left alone at the bottom. */
export function keepSpace(doc: PDFKit.PDFDocument, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}
