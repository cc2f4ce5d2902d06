import { fitOneLine, type Line, layoutLines, type Piece, type Span } from './lineLayout.ts';
import type { Struct, TextTarget } from './tagging.ts';

/**
 * Writes laid-out lines (lineLayout.ts) into a pdfkit document: each piece
 * in its font on a common baseline, links clickable and underlined, a new
 * page when a line does not fit, and every piece tagged for the structure
 * tree (tagging.ts): the paragraph's own element, or a Link element inside
 * it for linked text (with the link annotation), added in reading order.
 */

export const TEXT_COLOUR = '#212b32';
export const LINK_COLOUR = '#005eb8';
/** Noto Sans's line height and ascent, in ems: every line uses them, whatever fonts it mixes. */
const LINE_HEIGHT = 1.362;
const ASCENT = 1.069;

export type FlowOptions = {
  x: number;
  width: number;
  size: number;
  target: TextTarget;
  colour?: string;
  /** 'end' sets every line against the right edge (page numbers); by default lines start on their paragraph's side. */
  align?: 'start' | 'end';
  /** Never start a new page (text in the margins, or placed exactly). */
  noPageBreak?: boolean;
};

const linkOf = (span: Span | undefined) => span?.link ?? span?.goTo ?? null;

export const lineHeightOf = (size: number) => size * LINE_HEIGHT;

/** Writes `spans` from the current y down, wrapping at `width`; the y after the text is left in doc.y. */
export function writeText(doc: PDFKit.PDFDocument, spans: readonly Span[], options: FlowOptions): void {
  const lines = layoutLines({ doc, size: options.size }, spans, options.width);
  writeLines(doc, lines, spans, options);
}

/** Writes `spans` on one line at the current y, cut with an ellipsis if it runs past `width`. */
export function writeOneLine(doc: PDFKit.PDFDocument, spans: readonly Span[], options: FlowOptions): void {
  writeLines(doc, [fitOneLine({ doc, size: options.size }, spans, options.width)], spans, options);
}

export function writeLines(
  doc: PDFKit.PDFDocument,
  lines: readonly Line[],
  spans: readonly Span[],
  options: FlowOptions,
): void {
  const height = lineHeightOf(options.size);
  const links = new Map<number, Struct>();
  const target = options.target;
  if (target === 'artifact') doc.markContent('Artifact', { type: 'Layout' });
  let y = doc.y;
  for (const line of lines) {
    if (!options.noPageBreak && y + height > doc.page.height - doc.page.margins.bottom && y > doc.page.margins.top) {
      if (target === 'artifact') doc.endMarkedContent();
      doc.addPage();
      if (target === 'artifact') doc.markContent('Artifact', { type: 'Layout' });
      y = doc.page.margins.top;
    }
    const rightAligned = options.align === 'end' || line.rtl;
    let x = rightAligned ? options.x + options.width - line.width : options.x;
    const drawn: { piece: Piece; draw: () => void }[] = [];
    for (const piece of line.pieces) {
      const at = x;
      drawn.push({ piece, draw: () => drawPiece(doc, piece, spans[piece.span], at, y, options) });
      x += piece.width;
    }
    if (target === null || target === 'artifact') {
      for (const { draw } of drawn) draw();
    } else {
      // Drawn left to right, added to the structure in reading order.
      const contents = drawn.map(({ piece, draw }) => {
        const link = linkOf(spans[piece.span]);
        const content = doc.markStructureContent(link ? 'Link' : target.tag);
        draw();
        doc.endMarkedContent();
        return { piece, link, content };
      });
      contents.sort((a, b) => a.piece.start - b.piece.start);
      for (const { piece, link, content } of contents) {
        if (!link) {
          target.owner.add(content);
          continue;
        }
        let element = links.get(piece.span);
        if (!element) {
          element = doc.struct('Link');
          target.owner.add(element);
          links.set(piece.span, element);
        }
        element.add(content);
      }
    }
    addLinkAnnotations(doc, line, spans, options, y, height, links);
    y += height;
  }
  if (target === 'artifact') doc.endMarkedContent();
  for (const element of links.values()) element.end();
  doc.font('Sans').fontSize(options.size).fillColor(TEXT_COLOUR);
  doc.x = doc.page.margins.left;
  doc.y = y;
}

function drawPiece(
  doc: PDFKit.PDFDocument,
  piece: Piece,
  span: Span | undefined,
  x: number,
  top: number,
  options: FlowOptions,
): void {
  const link = span?.link ?? null;
  const colour = span?.colour ?? (link ? LINK_COLOUR : (options.colour ?? TEXT_COLOUR));
  // Web links are blue and underlined; a contents entry (goTo) reads as the row it is.
  const baseline = top + options.size * ASCENT;
  doc.font(piece.font).fontSize(options.size).fillColor(colour);
  doc.text(piece.text, x, baseline, {
    lineBreak: false,
    baseline: 'alphabetic',
    ...(piece.wholeRun ? { features: [] } : {}),
  });
  if (link) {
    const under = baseline + options.size * 0.14;
    doc
      .save()
      .moveTo(x, under)
      .lineTo(x + piece.width, under)
      .lineWidth(Math.max(0.5, options.size / 16))
      .strokeColor(colour)
      .stroke()
      .restore();
  }
}

/** One link annotation per linked piece, in the Link element of its text, described by that text (PDF/UA 7.18.5). */
function addLinkAnnotations(
  doc: PDFKit.PDFDocument,
  line: Line,
  spans: readonly Span[],
  options: FlowOptions,
  top: number,
  height: number,
  links: ReadonlyMap<number, Struct>,
): void {
  let x = options.align === 'end' || line.rtl ? options.x + options.width - line.width : options.x;
  for (const piece of line.pieces) {
    const span = spans[piece.span];
    if (span && linkOf(span) && piece.logical.trim() !== '') {
      const structParent = links.get(piece.span);
      const annotation = {
        Contents: new String(span.text),
        ...(structParent ? { structParent } : {}),
      } as PDFKit.Mixins.AnnotationOption;
      if (span.link) doc.link(x, top, piece.width, height, span.link, annotation);
      else if (span.goTo) doc.goTo(x, top, piece.width, height, span.goTo, annotation);
    }
    x += piece.width;
  }
}
