import { fitOneLine, type Line, layoutLines, type Span } from './lineLayout.ts';
import { COLOUR } from './pdfWriter.ts';
import { artifact, child, type Struct } from './tagging.ts';
import { lineHeightOf, writeLines } from './textFlow.ts';

/**
 * A table in a tagged PDF: a Table element with a TR per row, TH header
 * cells (scope Column) and TD cells, each cell's text wrapped (or kept to one
 * line with an ellipsis) in its column. A row never splits across pages; the
 * header row is repeated at the top of each new page as an artifact (the
 * structure has it once). Borders and the header's background are artifacts.
 */

export type TableOptions = {
  x: number;
  /** Each column's width in points. */
  widths: readonly number[];
  size: number;
  padding: { x: number; y: number };
  /** Each cell on one line, cut with an ellipsis (long tables of figures). */
  oneLine?: boolean;
  headerBackground?: string;
};

const HEADER_BACKGROUND = '#e8edee';

export function writeTable(
  doc: PDFKit.PDFDocument,
  parent: Struct,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
): void {
  const table = child(doc, parent, 'Table');
  const measure = { doc, size: options.size };
  const lineHeight = lineHeightOf(options.size);
  const cellLines = (row: readonly string[], bold: boolean): { spans: Span[]; lines: Line[] }[] =>
    options.widths.map((width, column) => {
      const spans = [{ text: row[column] ?? '', bold }];
      const inner = width - 2 * options.padding.x;
      return {
        spans,
        lines: options.oneLine ? [fitOneLine(measure, spans, inner)] : layoutLines(measure, spans, inner),
      };
    });
  const heightOf = (cells: { lines: Line[] }[]) =>
    Math.max(1, ...cells.map((cell) => cell.lines.length)) * lineHeight + 2 * options.padding.y;
  const headerCells = cellLines(header, true);
  const headerHeight = heightOf(headerCells);
  const total = options.widths.reduce((sum, width) => sum + width, 0);

  const drawRow = (
    cells: { spans: Span[]; lines: Line[] }[],
    height: number,
    owners: { owner: Struct; tag: string }[] | null,
    background: string | null,
  ) => {
    const top = doc.y;
    artifact(doc, () => {
      if (background) doc.save().rect(options.x, top, total, height).fill(background).restore();
      doc.save().lineWidth(0.5).strokeColor(COLOUR.rule);
      let x = options.x;
      for (const width of options.widths) {
        doc.rect(x, top, width, height).stroke();
        x += width;
      }
      doc.restore();
    });
    let x = options.x;
    cells.forEach((cell, column) => {
      const width = options.widths[column]!;
      doc.y = top + options.padding.y;
      writeLines(doc, cell.lines, cell.spans, {
        x: x + options.padding.x,
        width: width - 2 * options.padding.x,
        size: options.size,
        target: owners ? owners[column]! : 'artifact',
        noPageBreak: true,
      });
      x += width;
    });
    doc.y = top + height;
  };

  const headerRow = child(doc, table, 'TR');
  const headerOwners = header.map(() => {
    const cell = doc.struct('TH', { scope: 'Column' } as PDFKit.Mixins.StructureElementOptions);
    headerRow.add(cell);
    return { owner: cell, tag: 'TH' };
  });
  drawRow(headerCells, headerHeight, headerOwners, options.headerBackground ?? HEADER_BACKGROUND);
  for (const { owner } of headerOwners) owner.end();
  headerRow.end();

  const bottom = () => doc.page.height - doc.page.margins.bottom;
  for (const row of rows) {
    const cells = cellLines(row, false);
    const height = heightOf(cells);
    if (doc.y + height > bottom() && doc.y > doc.page.margins.top + headerHeight) {
      doc.addPage();
      drawRow(headerCells, headerHeight, null, options.headerBackground ?? HEADER_BACKGROUND);
    }
    const tableRow = child(doc, table, 'TR');
    const owners = cells.map(() => ({ owner: child(doc, tableRow, 'TD'), tag: 'TD' }));
    drawRow(cells, height, owners, null);
    for (const { owner } of owners) owner.end();
    tableRow.end();
  }
  table.end();
  doc.x = doc.page.margins.left;
}
