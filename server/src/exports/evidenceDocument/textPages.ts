import type { Exhibit, WithheldExhibit } from '@jointly/shared';
import PDFDocument from 'pdfkit';
import { type EntryHeading, subtitleOf } from '../writing/exportText.ts';
import { COLOUR, FONT, keepSpace, pdfBytesOf, pdfText, writeTitleBlock } from '../writing/pdfWriter.ts';

/**
 * The pages of the evidence document that Jointly writes itself, with pdfkit
 * (real text, the exports' fonts and colours): the title block and contents,
 * each exhibit's heading page(s), and the withheld exhibits. Each is its own
 * small PDF; compileEvidenceDocument merges them with the attached pages and
 * stamps footers on the whole, so none of these writes a footer.
 */

/** A4 with room at the top and bottom for the stamps (stampPages.ts). */
export const PAGE_MARGINS = { top: 60, bottom: 60, left: 56, right: 56 } as const;

export function pdfkitDocument(): { doc: PDFKit.PDFDocument; bytes: () => Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margins: PAGE_MARGINS, pdfVersion: '1.7' });
  const done = pdfBytesOf(doc);
  doc.font(FONT.regular).fillColor(COLOUR.text);
  return {
    doc,
    bytes() {
      doc.end();
      return done;
    },
  };
}

const widthOf = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** The heading judges see for an exhibit ("E3: Clinic audit", "E4: Testimonial — A patient"). */
export function exhibitHeading(exhibit: Exhibit): string {
  const label = exhibit.label ?? 'Exhibit (label pending)';
  return exhibit.kind === 'evidence' ? `${label}: ${exhibit.title}` : `${label}: Testimonial — ${exhibit.attribution}`;
}

export type ContentsRow = { label: string; title: string; page: number | null };

const PAGE_COLUMN = 40;
const LABEL_COLUMN = 44;

/**
 * The title block and the contents: one row per exhibit (its judge number,
 * title and first page), then the withheld ones. The page column has a fixed
 * width, so the numbers never change how the rows wrap: a first render with
 * no numbers has as many pages as the final one (two passes, see the caller).
 */
/** Where a contents row was written (points from the page's bottom left, as PDF links are placed). */
export type RowArea = { row: number; page: number; x: number; y: number; width: number; height: number };

export async function renderFrontMatter(
  entry: EntryHeading,
  rows: readonly ContentsRow[],
): Promise<{ bytes: Buffer; areas: RowArea[] }> {
  const { doc, bytes } = pdfkitDocument();
  let page = 0;
  doc.on('pageAdded', () => page++);
  const areas: RowArea[] = [];
  const left = doc.page.margins.left;
  const width = widthOf(doc);
  writeTitleBlock(doc, 'Supporting evidence', entry.title, subtitleOf(entry));
  doc.font(FONT.bold).fontSize(14).fillColor(COLOUR.text).text('Contents', left, doc.y, { width });
  doc.moveDown(0.5);
  if (rows.length === 0) {
    doc.font(FONT.italic).fontSize(11).fillColor(COLOUR.muted).text('No exhibits.', left, doc.y, { width });
    doc.fillColor(COLOUR.text);
  }
  for (const [index, row] of rows.entries()) {
    keepSpace(doc, 16);
    const y = doc.y;
    doc.font(FONT.bold).fontSize(11).fillColor(COLOUR.text).text(pdfText(row.label), left, y, { width: LABEL_COLUMN });
    doc.font(FONT.regular).text(pdfText(row.title), left + LABEL_COLUMN, y, {
      width: width - LABEL_COLUMN - PAGE_COLUMN,
    });
    const after = doc.y;
    if (row.page !== null) {
      doc.text(String(row.page), left + width - PAGE_COLUMN, y, { width: PAGE_COLUMN, align: 'right' });
    }
    doc.y = after;
    areas.push({ row: index, page, x: left, y: doc.page.height - after, width, height: after - y });
    doc.moveDown(0.3);
  }
  return { bytes: await bytes(), areas };
}

/** How an attached file appears in its exhibit's heading: included (with its pages), or a sentence why not. */
export type FileLine = { name: string; note: string };

/** An exhibit's own page(s): its heading and fields as the export always showed them, then its files. */
export async function renderExhibitHeading(exhibit: Exhibit, files: readonly FileLine[]): Promise<Buffer> {
  const { doc, bytes } = pdfkitDocument();
  const left = doc.page.margins.left;
  const width = widthOf(doc);
  doc
    .font(FONT.bold)
    .fontSize(14)
    .fillColor(COLOUR.text)
    .text(pdfText(exhibitHeading(exhibit)), left, doc.y, {
      width,
    });
  doc.moveDown(0.4);
  if (exhibit.kind === 'testimonial') {
    const quote = exhibit.quote ? `\u201c${exhibit.quote}\u201d` : 'No quote recorded.';
    doc
      .font(FONT.italic)
      .fontSize(11)
      .text(pdfText(quote), left + 12, doc.y, { width: width - 12 });
    doc.moveDown(0.3);
    doc
      .font(FONT.regular)
      .fontSize(11)
      .text(pdfText(`\u2014 ${exhibit.attribution}`), left + 12, doc.y, { width: width - 12 });
    doc.moveDown(0.4);
  }
  for (const field of exhibit.fields) {
    doc
      .font(FONT.bold)
      .fontSize(10.5)
      .fillColor(COLOUR.muted)
      .text(pdfText(`${field.label}: `), left, doc.y, { width, continued: true })
      .font(FONT.regular)
      .fillColor(COLOUR.text)
      .text(pdfText(field.value));
    doc.moveDown(0.2);
  }
  if (files.length > 0) {
    doc.moveDown(0.6);
    keepSpace(doc, 40);
    doc.font(FONT.bold).fontSize(11).fillColor(COLOUR.text).text('Attached files', left, doc.y, { width });
    doc.moveDown(0.2);
    files.forEach((file, index) => {
      doc
        .font(FONT.regular)
        .fontSize(10.5)
        .fillColor(COLOUR.text)
        .text(pdfText(`${index + 1}. ${file.name}: `), left, doc.y, { width, continued: true })
        .fillColor(COLOUR.muted)
        .text(pdfText(file.note));
      doc.moveDown(0.2);
    });
    doc.fillColor(COLOUR.text);
  }
  return bytes();
}

/** The withheld exhibits, by label only (nothing of their content or who gave them). */
export async function renderWithheld(withheld: readonly WithheldExhibit[]): Promise<Buffer> {
  const { doc, bytes } = pdfkitDocument();
  const left = doc.page.margins.left;
  const width = widthOf(doc);
  doc.font(FONT.bold).fontSize(14).fillColor(COLOUR.text).text('Withheld exhibits', left, doc.y, { width });
  doc.moveDown(0.4);
  for (const item of withheld) {
    doc
      .font(FONT.regular)
      .fontSize(11)
      .text(pdfText(`${item.label ?? 'Exhibit (label pending)'}: testimonial ${item.reason}`), left, doc.y, { width });
    doc.moveDown(0.2);
  }
  return bytes();
}
