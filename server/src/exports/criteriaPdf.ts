import { type CriteriaModel, criteriaModel, type ExportDocument, type ExportEntryMeta } from './exportModel.ts';
import type { Block, Run } from './sectionBlocks.ts';
import { footerText, sectionHeading, subtitleOf } from './writing/exportText.ts';
import { COLOUR, createPdf, FONT, keepSpace, pdfText, writeTitleBlock } from './writing/pdfWriter.ts';

/**
 * The criteria answers as a PDF with real (selectable, searchable) text:
 * the same content and order as the DOCX, built only from the block model
 * (RELIABILITY I61).
 */
export async function renderCriteriaPdf(source: ExportDocument, entry: ExportEntryMeta): Promise<Buffer> {
  return criteriaPdfFromModel(criteriaModel(source, entry));
}

const BODY_SIZE = 11;
const LIST_INDENT = 18;
const QUOTE_INDENT = 16;

export async function criteriaPdfFromModel(model: CriteriaModel): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: model.entry.title,
    subject: `${model.entry.programme} — ${model.entry.categoryName}: criteria answers`,
    footer: footerText(model.entry),
  });
  const left = doc.page.margins.left;
  const fullWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  writeTitleBlock(doc, 'Criteria answers', model.entry.title, subtitleOf(model.entry));

  for (const section of model.sections) {
    keepSpace(doc, 80);
    doc
      .font(FONT.bold)
      .fontSize(15)
      .fillColor(COLOUR.text)
      .text(pdfText(sectionHeading(section)), left, doc.y, {
        width: fullWidth,
      });
    doc.moveDown(0.5);
    if (section.blocks.length === 0) {
      doc.font(FONT.italic).fontSize(BODY_SIZE).fillColor(COLOUR.muted).text('No answer written yet.', left, doc.y);
      doc.fillColor(COLOUR.text).moveDown(0.5);
    } else {
      writeBlocks(doc, section.blocks, left, fullWidth);
    }
    doc.moveDown(0.8);
  }
  return finish();
}

function fontOf(run: { bold: boolean; italic: boolean }, base: { bold: boolean }): string {
  const bold = run.bold || base.bold;
  if (bold && run.italic) return FONT.boldItalic;
  if (bold) return FONT.bold;
  if (run.italic) return FONT.italic;
  return FONT.regular;
}

/** Writes a paragraph of runs at (x, current y) within `width`, each run in its own font, links clickable. */
function writeRuns(
  doc: PDFKit.PDFDocument,
  runs: readonly Run[],
  x: number,
  width: number,
  options: { size: number; bold?: boolean },
): void {
  const base = { bold: options.bold ?? false };
  const segments: { text: string; font: string; link: string | null }[] = [];
  for (const run of runs) {
    if (run.kind === 'break')
      segments.push({ text: '\n', font: fontOf({ bold: false, italic: false }, base), link: null });
    else if (run.kind === 'citation') {
      segments.push({ text: pdfText(run.text), font: fontOf({ bold: false, italic: false }, base), link: null });
    } else segments.push({ text: pdfText(run.text), font: fontOf(run, base), link: run.link });
  }
  if (segments.length === 0) {
    doc.font(FONT.regular).fontSize(options.size).text(' ', x, doc.y, { width });
    return;
  }
  doc.fontSize(options.size);
  segments.forEach((segment, index) => {
    const textOptions = {
      width,
      continued: index < segments.length - 1,
      link: segment.link,
      underline: segment.link !== null,
    };
    doc.font(segment.font).fillColor(segment.link ? COLOUR.link : COLOUR.text);
    if (index === 0) doc.text(segment.text, x, doc.y, textOptions);
    else doc.text(segment.text, textOptions);
  });
  doc.fillColor(COLOUR.text);
}

function writeBlocks(doc: PDFKit.PDFDocument, blocks: readonly Block[], x: number, width: number): void {
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        keepSpace(doc, 50);
        doc.moveDown(0.3);
        writeRuns(doc, block.runs, x, width, { size: block.level === 3 ? 13 : 12, bold: true });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        writeRuns(doc, block.runs, x, width, { size: BODY_SIZE });
        doc.moveDown(0.5);
        break;
      case 'quote': {
        const startPage = doc.page;
        const startY = doc.y;
        writeBlocks(doc, block.blocks, x + QUOTE_INDENT, width - QUOTE_INDENT);
        const top = doc.page === startPage ? startY : doc.page.margins.top;
        const bottom = Math.max(top, doc.y - doc.currentLineHeight() * 0.5);
        doc
          .save()
          .moveTo(x + 4, top)
          .lineTo(x + 4, bottom)
          .lineWidth(2)
          .strokeColor(COLOUR.rule)
          .stroke()
          .restore();
        break;
      }
      case 'list':
        block.items.forEach((item, index) => {
          keepSpace(doc, 30);
          const marker = block.ordered ? `${block.start + index}.` : '\u2022';
          const y = doc.y;
          doc.font(FONT.regular).fontSize(BODY_SIZE).fillColor(COLOUR.text).text(marker, x, y, {
            width: LIST_INDENT,
            lineBreak: false,
          });
          doc.y = y;
          const first = item[0];
          if (first && (first.type === 'paragraph' || first.type === 'heading')) {
            writeRuns(doc, first.runs, x + LIST_INDENT, width - LIST_INDENT, {
              size: BODY_SIZE,
              bold: first.type === 'heading',
            });
            doc.moveDown(0.25);
            writeBlocks(doc, item.slice(1), x + LIST_INDENT, width - LIST_INDENT);
          } else {
            doc.moveDown(1);
            writeBlocks(doc, item, x + LIST_INDENT, width - LIST_INDENT);
          }
        });
        doc.moveDown(0.3);
        break;
    }
  }
}
