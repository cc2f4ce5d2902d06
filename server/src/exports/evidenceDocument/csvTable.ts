import { writeTable } from '../writing/pdfTable.ts';
import { COLOUR, moveDown, writeBlock } from '../writing/pdfWriter.ts';
import type { Struct } from '../writing/tagging.ts';

/**
 * A CSV attachment printed as a plain table, so its figures are in the
 * document judges read rather than "attached separately". A table that would
 * run to many pages is cut: the document says how many rows and columns are
 * only in the file itself.
 */

export const CSV_MAX_ROWS = 1000;
export const CSV_MAX_COLUMNS = 10;

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF ends a record. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const FONT_SIZE = 8;

/**
 * The table, from the current page of `doc`: its name, a note when it is
 * cut, then a tagged table (the first row as its header), one line a cell.
 */
export function writeCsvTable(
  doc: PDFKit.PDFDocument,
  parent: Struct,
  name: string,
  rows: readonly (readonly string[])[],
): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const columns = Math.min(CSV_MAX_COLUMNS, Math.max(1, ...rows.map((row) => row.length)));
  const allColumns = Math.max(0, ...rows.map((row) => row.length));
  const shown = rows.slice(0, CSV_MAX_ROWS);

  writeBlock(doc, parent, 'P', name, { size: 11, bold: true });
  moveDown(doc, 11, 0.4);
  const notes: string[] = [];
  if (rows.length > CSV_MAX_ROWS) notes.push(`the first ${CSV_MAX_ROWS} of its ${rows.length} rows are shown`);
  if (allColumns > CSV_MAX_COLUMNS) notes.push(`the first ${CSV_MAX_COLUMNS} of its ${allColumns} columns are shown`);
  if (notes.length > 0) {
    writeBlock(
      doc,
      parent,
      'P',
      `A table too large to print whole: ${notes.join(' and ')}; the rest is in the attached file.`,
      { size: 9, italic: true, colour: COLOUR.muted },
    );
    moveDown(doc, 9, 0.4);
  }
  const fit = (row: readonly string[]) => Array.from({ length: columns }, (_, column) => row[column] ?? '');
  writeTable(doc, parent, fit(shown[0] ?? []), shown.slice(1).map(fit), {
    x: doc.page.margins.left,
    widths: Array.from({ length: columns }, () => width / columns),
    size: FONT_SIZE,
    padding: { x: 2, y: 1 },
    oneLine: true,
  });
}
