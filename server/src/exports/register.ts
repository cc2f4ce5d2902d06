import type { ContributorRegisterRowDto } from '@jointly/shared';
import {
  type ExportDocument,
  type ExportEntryMeta,
  judgeNumberingOf,
  type RegisterModel,
  registerModel,
} from './exportModel.ts';
import { footerText, subtitleOf } from './writing/exportText.ts';
import { COLOUR, createPdf, FONT, pdfText, writeTitleBlock } from './writing/pdfWriter.ts';

/**
 * The contributor register (PRODUCT §3 journey 7, §5): one row per person who
 * wrote in the entry, with their organisation, the sections they wrote in,
 * the exhibits they created or changed, the files they uploaded and their
 * number of edits, from the server's provenance (never from the document).
 */

export const REGISTER_COLUMNS = ['Person', 'Organisation', 'Sections', 'Items', 'Edits'] as const;
/** The PDF's columns: the files each person uploaded beside the items. */
const PDF_COLUMNS = ['Person', 'Organisation', 'Sections', 'Items', 'Files', 'Edits'] as const;

/** `source` is the exported document: items are listed by the exhibit numbers judges see in it (I11-16). */
export async function renderRegisterPdf(
  source: ExportDocument,
  entry: ExportEntryMeta,
  register: readonly ContributorRegisterRowDto[],
): Promise<Buffer> {
  return registerPdfFromModel(registerModel(entry, register, judgeNumberingOf(source, entry)));
}

export async function registerPdfFromModel(model: RegisterModel): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `${model.entry.title}: contributor register`,
    subject: `${model.entry.programme} — ${model.entry.categoryName}: contributor register`,
    footer: footerText(model.entry),
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  writeTitleBlock(doc, 'Contributor register', model.entry.title, subtitleOf(model.entry));

  if (model.rows.length === 0) {
    doc.font(FONT.italic).fontSize(11).fillColor(COLOUR.muted).text('No contributions yet.', left, doc.y, { width });
    return finish();
  }
  const header = PDF_COLUMNS.map((text) => ({
    text,
    type: 'TH' as const,
    font: { src: FONT.bold },
    backgroundColor: '#e8edee',
  }));
  const rows = model.rows.map((row) =>
    [
      row.person,
      row.organisation,
      row.sections.join('\n') || '—',
      row.items.join(', ') || '—',
      row.files.join('\n') || '—',
      String(row.edits),
    ].map((text) => pdfText(text)),
  );
  doc.font(FONT.regular).fontSize(10).fillColor(COLOUR.text);
  doc.table({
    position: { x: left, y: doc.y },
    maxWidth: width,
    columnStyles: [width * 0.17, width * 0.19, width * 0.25, width * 0.12, width * 0.19, width * 0.08],
    defaultStyle: { padding: [4, 5, 4, 5], borderColor: COLOUR.rule },
    data: [header, ...rows],
  });
  return finish();
}

/**
 * The register as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
 * programs read the names right). A cell a spreadsheet would run as a
 * formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe.
 */
export function renderRegisterCsv(
  source: ExportDocument,
  entry: ExportEntryMeta,
  register: readonly ContributorRegisterRowDto[],
): string {
  const model = registerModel(entry, register, judgeNumberingOf(source, entry));
  const lines = [
    // Columns added later go at the end, so a spreadsheet that reads them by position still works.
    [...REGISTER_COLUMNS, 'First contribution', 'Last contribution', 'Files uploaded'],
    ...model.rows.map((row) => [
      row.person,
      row.organisation,
      row.sections.join('; '),
      row.items.join('; '),
      String(row.edits),
      row.firstAt,
      row.lastAt,
      row.files.join('; '),
    ]),
  ];
  return `\ufeff${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
