import { COLOUR, FONT, pdfText } from '../writing/pdfWriter.ts';
import { pdfkitDocument } from './textPages.ts';

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
const ROW_HEIGHT = 13;

/** The table's pages as a PDF; `rows` as parsed, the first row printed as the header. */
export async function renderCsvTable(name: string, rows: readonly (readonly string[])[]): Promise<Buffer> {
  const { doc, bytes } = pdfkitDocument();
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const columns = Math.min(CSV_MAX_COLUMNS, Math.max(1, ...rows.map((row) => row.length)));
  const allColumns = Math.max(0, ...rows.map((row) => row.length));
  const shown = rows.slice(0, CSV_MAX_ROWS);
  const cellWidth = width / columns;

  doc.font(FONT.bold).fontSize(11).fillColor(COLOUR.text).text(pdfText(name), left, doc.y, { width });
  doc.moveDown(0.4);
  const notes: string[] = [];
  if (rows.length > CSV_MAX_ROWS) notes.push(`the first ${CSV_MAX_ROWS} of its ${rows.length} rows are shown`);
  if (allColumns > CSV_MAX_COLUMNS) notes.push(`the first ${CSV_MAX_COLUMNS} of its ${allColumns} columns are shown`);
  if (notes.length > 0) {
    doc
      .font(FONT.italic)
      .fontSize(9)
      .fillColor(COLOUR.muted)
      .text(pdfText(`A table too large to print whole: ${notes.join(' and ')}; the rest is in the attached file.`), {
        width,
      });
    doc.moveDown(0.4);
  }

  const bottom = doc.page.height - doc.page.margins.bottom;
  shown.forEach((row, index) => {
    if (doc.y + ROW_HEIGHT > bottom) doc.addPage();
    const y = doc.y;
    doc
      .font(index === 0 ? FONT.bold : FONT.regular)
      .fontSize(FONT_SIZE)
      .fillColor(COLOUR.text);
    for (let column = 0; column < columns; column++) {
      // One line per cell, cut with an ellipsis: a cell never pushes the grid out of line.
      doc.text(pdfText(row[column] ?? ''), left + column * cellWidth + 2, y + 2, {
        width: cellWidth - 4,
        height: FONT_SIZE * 1.2,
        lineBreak: false,
        ellipsis: true,
      });
    }
    doc
      .moveTo(left, y + ROW_HEIGHT)
      .lineTo(left + width, y + ROW_HEIGHT)
      .lineWidth(0.4)
      .strokeColor(COLOUR.rule)
      .stroke();
    doc.y = y + ROW_HEIGHT;
  });
  return bytes();
}
