import type { ContributorRegisterRowDto } from '@jointly/shared';
import {
  type ExportDocument,
  type ExportEntryMeta,
  judgeNumberingOf,
  type RegisterModel,
  registerModel,
} from './exportModel.ts';
import { subtitleOf } from './writing/exportText.ts';
import { warmFonts } from './writing/fonts.ts';
import { writeTable } from './writing/pdfTable.ts';
import { COLOUR, createPdf, pdfFooterText, writeBlock, writeTitleBlock } from './writing/pdfWriter.ts';

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
  await warmFonts();
  const { doc, root, finish } = createPdf({
    title: `${model.entry.title}: contributor register`,
    subject: `${model.entry.programme} — ${model.entry.categoryName}: contributor register`,
    footer: pdfFooterText(model.entry),
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  writeTitleBlock(doc, root, 'Contributor register', model.entry.title, subtitleOf(model.entry));
  doc.outline.addItem('Contributor register');

  if (model.rows.length === 0) {
    writeBlock(doc, root, 'P', 'No contributions yet.', { size: 11, italic: true, colour: COLOUR.muted });
    return finish();
  }
  const rows = model.rows.map((row) => [
    row.person,
    row.organisation,
    row.sections.join('\n') || '—',
    row.items.join(', ') || '—',
    row.files.join('\n') || '—',
    String(row.edits),
  ]);
  writeTable(doc, root, PDF_COLUMNS, rows, {
    x: left,
    widths: [0.17, 0.19, 0.25, 0.12, 0.19, 0.08].map((share) => width * share),
    size: 10,
    padding: { x: 5, y: 4 },
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
