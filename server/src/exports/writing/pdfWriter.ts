import PDFDocument from 'pdfkit';
import { pageOf } from './exportText.ts';

/**
 * A PDF with real text, written with pdfkit's built-in Helvetica (bundled in
 * the package: nothing is fetched). The standard fonts encode Windows-1252
 * only, so other characters are transliterated where Unicode allows it and
 * otherwise shown as "?"; the DOCX export keeps every character.
 */

export const FONT = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
} as const;

export const COLOUR = { text: '#212b32', muted: '#4c6272', link: '#005eb8', rule: '#aeb7bd' } as const;

/** Characters above U+00FF that Windows-1252 (and pdfkit's standard fonts) can show. */
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '\u2014',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u00a0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u2043': '-',
  '\u25e6': '-',
  '\u25aa': '\u2022',
  '\u2192': '->',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2713': 'v',
  '\ufffd': '?',
  // Letters with strokes do not decompose in Unicode.
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
};

const showable = (code: number) =>
  (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);

/** `text` in characters the standard fonts can show (newlines and tabs kept). */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || char === '\t' || showable(code)) {
      out += char;
      continue;
    }
    const replacement = REPLACEMENTS[char];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    // Accented letters outside Latin-1 (ł, ő, č …) lose their accent rather than the letter.
    const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += base !== '' && [...base].every((c) => showable(c.codePointAt(0)!)) ? base : '?';
  }
  return out;
}

export type PdfWriter = { doc: PDFKit.PDFDocument; finish(): Promise<Buffer> };

const FOOTER_SIZE = 8.5;
const PAGE_NUMBER_WIDTH = 90;

/** The bytes pdfkit writes for `doc`, once it is ended (listen before writing anything). */
export function pdfBytesOf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * A new A4 document with its metadata; `finish` ends it and resolves with its
 * bytes. Pages are kept until then so each can get its footer (`footer`, and
 * "Page 3 of 12", I11-16) once the number of pages is known.
 */
export function createPdf(info: { title: string; subject: string; footer: string }): PdfWriter {
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: pdfText(info.title), Subject: pdfText(info.subject), Author: 'Jointly', Creator: 'Jointly' },
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
  });
  const done = pdfBytesOf(doc);
  doc.font(FONT.regular).fillColor(COLOUR.text);
  return {
    doc,
    finish() {
      writeFooters(doc, info.footer);
      doc.end();
      return done;
    },
  };
}

/** The footer on every page, in the bottom margin: what the document is on the left, its page number on the right. */
function writeFooters(doc: PDFKit.PDFDocument, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const { margins } = doc.page;
    const width = doc.page.width - margins.left - margins.right;
    const y = doc.page.height - margins.bottom + 20;
    // Writing below the bottom margin would start a new page: lift the margin while writing there.
    const bottom = margins.bottom;
    margins.bottom = 0;
    doc.font(FONT.regular).fontSize(FOOTER_SIZE).fillColor(COLOUR.muted);
    doc.text(pdfText(footer), margins.left, y, {
      width: width - PAGE_NUMBER_WIDTH,
      lineBreak: false,
      ellipsis: true,
      height: FOOTER_SIZE * 1.5,
    });
    doc.text(pageOf(index - start + 1, count), margins.left + width - PAGE_NUMBER_WIDTH, y, {
      width: PAGE_NUMBER_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    margins.bottom = bottom;
  }
  doc.fillColor(COLOUR.text);
}

/** The title block every export starts with: the document's name, the entry title, programme and category. */
export function writeTitleBlock(doc: PDFKit.PDFDocument, heading: string, title: string, subtitle: string): void {
  const left = doc.page.margins.left;
  doc.font(FONT.bold).fontSize(11).fillColor(COLOUR.muted).text(pdfText(heading), left);
  doc.moveDown(0.3);
  doc.font(FONT.bold).fontSize(20).fillColor(COLOUR.text).text(pdfText(title), left);
  doc.moveDown(0.3);
  doc.font(FONT.regular).fontSize(12).fillColor(COLOUR.muted).text(pdfText(subtitle), left);
  doc.moveDown(1);
  doc.fillColor(COLOUR.text);
}

/** Starts a new page when fewer than `points` remain, so a heading is not left alone at the bottom. */
export function keepSpace(doc: PDFKit.PDFDocument, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}
