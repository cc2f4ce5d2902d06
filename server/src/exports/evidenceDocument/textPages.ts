import type { Exhibit, WithheldExhibit } from '@jointly/shared';
import { type EntryHeading, subtitleOf } from '../writing/exportText.ts';
import { isolate } from '../writing/fonts.ts';
import {
  COLOUR,
  keepSpace,
  moveDown,
  newDocument,
  pdfBytesOf,
  writeBlock,
  writeTitleBlock,
} from '../writing/pdfWriter.ts';
import { child, type Struct } from '../writing/tagging.ts';
import { lineHeightOf, writeText } from '../writing/textFlow.ts';

/**
 * The pages of the evidence document that Jointly writes itself, with pdfkit
 * (real text, the exports' fonts and colours, tagged): the title block and
 * contents, each exhibit's heading page(s), the captions of attached images,
 * and the withheld exhibits. compileEvidenceDocument merges them with the
 * attached pages and stamps footers on the whole, so none of these writes a
 * footer.
 */

/** A4 with room at the top and bottom for the stamps (stampPages.ts). */
export const PAGE_MARGINS = { top: 60, bottom: 60, left: 56, right: 56 } as const;

/** A tagged document for pages of the evidence document; `bytes` ends it. */
export function evidencePages(autoFirstPage = true): {
  doc: PDFKit.PDFDocument;
  root: Struct;
  bytes: () => Promise<Buffer>;
} {
  const { doc, root } = newDocument({ margins: PAGE_MARGINS, autoFirstPage });
  const done = pdfBytesOf(doc);
  return {
    doc,
    root: root!,
    bytes() {
      root!.end();
      doc.end();
      return done;
    },
  };
}

const widthOf = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** The heading judges see for an exhibit ("E3: Clinic audit", "E4: Testimonial — A patient"). */
export function exhibitHeading(exhibit: Exhibit, isolateNames: (text: string) => string = (text) => text): string {
  const label = exhibit.label ?? 'Exhibit (label pending)';
  // A title is isolated (a number after it stays after it); an attribution is a list of fields read left to
  // right, each name in it set in its own direction.
  return exhibit.kind === 'evidence'
    ? `${label}: ${isolateNames(exhibit.title)}`
    : `${label}: Testimonial — ${exhibit.attribution}`;
}

/** A contents row: the exhibit's judge number, its title, its first page, and the named destination there. */
export type ContentsRow = { label: string; title: string; page: number | null; destination: string };

const PAGE_COLUMN = 40;
const LABEL_COLUMN = 44;

/**
 * The title block and the contents (a TOC of TOCI entries, each a link to
 * its exhibit's first page): one row per exhibit, then the withheld ones.
 * The page column has a fixed width, so the numbers never change how the
 * rows wrap: a first render with no numbers has as many pages as the final
 * one (two passes, see the caller).
 */
export async function renderFrontMatter(entry: EntryHeading, rows: readonly ContentsRow[]): Promise<Buffer> {
  const { doc, root, bytes } = evidencePages();
  const left = doc.page.margins.left;
  const width = widthOf(doc);
  writeTitleBlock(doc, root, 'Supporting evidence', entry.title, subtitleOf(entry));
  writeBlock(doc, root, 'H2', 'Contents', { size: 14, bold: true });
  moveDown(doc, 14, 0.5);
  if (rows.length === 0) writeBlock(doc, root, 'P', 'No exhibits.', { size: 11, italic: true, colour: COLOUR.muted });
  const contents = rows.length > 0 ? child(doc, root, 'TOC') : null;
  for (const row of rows) {
    keepSpace(doc, lineHeightOf(11));
    // One link per entry, over the whole row (label, title and page), in a Link element of the TOCI.
    const item = child(doc, contents!, 'TOCI');
    const link = child(doc, item, 'Link');
    const target = { owner: link, tag: 'Link' };
    const y = doc.y;
    const columns: { text: string; bold: boolean; x: number; width: number; align?: 'end' }[] = [
      { text: row.label, bold: true, x: left, width: LABEL_COLUMN },
      { text: row.title, bold: false, x: left + LABEL_COLUMN, width: width - LABEL_COLUMN - PAGE_COLUMN },
    ];
    if (row.page !== null) {
      columns.push({
        text: String(row.page),
        bold: false,
        x: left + width - PAGE_COLUMN,
        width: PAGE_COLUMN,
        align: 'end',
      });
    }
    let after = y;
    for (const column of columns) {
      doc.y = y;
      writeText(doc, [{ text: column.text, bold: column.bold }], {
        x: column.x,
        width: column.width,
        size: 11,
        target,
        noPageBreak: true,
        ...(column.align ? { align: column.align } : {}),
      });
      after = Math.max(after, doc.y);
    }
    doc.goTo(left, y, width, after - y, row.destination, {
      Contents: new String(`${row.label}: ${row.title}${row.page === null ? '' : `, page ${row.page}`}`),
      structParent: link,
    } as unknown as PDFKit.Mixins.AnnotationOption);
    link.end();
    item.end();
    doc.y = after;
    moveDown(doc, 11, 0.3);
  }
  contents?.end();
  return bytes();
}

/** How an attached file appears in its exhibit's heading: included (with its pages), or a sentence why not. */
export type FileLine = { name: string; note: string };

/** An exhibit's own page(s), from the current page: its heading and fields, then what happened to its files. */
export function writeExhibitHeading(
  doc: PDFKit.PDFDocument,
  section: Struct,
  exhibit: Exhibit,
  files: readonly FileLine[],
): void {
  const left = doc.page.margins.left;
  const width = widthOf(doc);
  writeBlock(doc, section, 'H2', exhibitHeading(exhibit, isolate), { size: 14, bold: true });
  moveDown(doc, 14, 0.4);
  if (exhibit.kind === 'testimonial') {
    const quote = child(doc, section, 'BlockQuote');
    const text = exhibit.quote ? `\u201c${exhibit.quote}\u201d` : 'No quote recorded.';
    writeBlock(doc, quote, 'P', text, { size: 11, italic: true, x: left + 12, width: width - 12 });
    moveDown(doc, 11, 0.3);
    // Our line, so left to right (a left-to-right mark first) whatever script the name is in.
    writeBlock(doc, quote, 'P', `\u200e\u2014 ${exhibit.attribution}`, { size: 11, x: left + 12, width: width - 12 });
    quote.end();
    moveDown(doc, 11, 0.4);
  }
  for (const field of exhibit.fields) {
    writeBlock(
      doc,
      section,
      'P',
      [
        { text: `${field.label}: `, bold: true, colour: COLOUR.muted },
        { text: field.value, colour: COLOUR.text },
      ],
      { size: 10.5 },
    );
    moveDown(doc, 10.5, 0.2);
  }
  if (files.length > 0) {
    moveDown(doc, 11, 0.6);
    keepSpace(doc, 40);
    writeBlock(doc, section, 'H3', 'Attached files', { size: 11, bold: true });
    moveDown(doc, 11, 0.2);
    const list = child(doc, section, 'L');
    files.forEach((file, index) => {
      const item = child(doc, list, 'LI');
      const y = doc.y;
      const label = child(doc, item, 'Lbl');
      writeText(doc, [{ text: `${index + 1}.` }], {
        x: left,
        width: 18,
        size: 10.5,
        target: { owner: label, tag: 'Lbl' },
        noPageBreak: true,
      });
      label.end();
      doc.y = y;
      const body = child(doc, item, 'LBody');
      writeBlock(doc, body, 'P', [{ text: `${isolate(file.name)}: ` }, { text: file.note, colour: COLOUR.muted }], {
        size: 10.5,
        x: left + 18,
        width: width - 18,
      });
      body.end();
      item.end();
      moveDown(doc, 10.5, 0.2);
    });
    list.end();
  }
}

/** The withheld exhibits, by label only (nothing of their content or who gave them). */
export function writeWithheld(doc: PDFKit.PDFDocument, section: Struct, withheld: readonly WithheldExhibit[]): void {
  writeBlock(doc, section, 'H2', 'Withheld exhibits', { size: 14, bold: true });
  moveDown(doc, 14, 0.4);
  for (const item of withheld) {
    writeBlock(doc, section, 'P', `${item.label ?? 'Exhibit (label pending)'}: testimonial ${item.reason}`, {
      size: 11,
    });
    moveDown(doc, 11, 0.2);
  }
}

/** The caption above an attached image, on the image's own page (the image is drawn in later, as a Figure). */
export function writeImageCaption(doc: PDFKit.PDFDocument, parent: Struct, name: string): void {
  writeBlock(doc, parent, 'P', name, { size: 10 });
}
