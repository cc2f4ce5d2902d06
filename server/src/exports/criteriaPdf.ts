import { type CriteriaModel, criteriaModel, type ExportDocument, type ExportEntryMeta } from './exportModel.ts';
import type { Block, Run } from './sectionBlocks.ts';
import { sectionHeading, subtitleOf } from './writing/exportText.ts';
import { isolate, warmFonts } from './writing/fonts.ts';
import type { Span } from './writing/lineLayout.ts';
import {
  COLOUR,
  createPdf,
  keepSpace,
  moveDown,
  pdfFooterText,
  writeBlock,
  writeTitleBlock,
} from './writing/pdfWriter.ts';
import { artifact, child, type Struct } from './writing/tagging.ts';
import { writeOneLine } from './writing/textFlow.ts';

/**
 * The criteria answers as a PDF with real (selectable, searchable) text:
 * the same content and order as the DOCX, built only from the block model
 * (RELIABILITY I61). Tagged: the entry title is the H1, each section's
 * title an H2, the answer's own headings H3 and H4, paragraphs P, lists L
 * with LI, Lbl and LBody, quotes BlockQuote, links Link.
 */
export async function renderCriteriaPdf(source: ExportDocument, entry: ExportEntryMeta): Promise<Buffer> {
  return criteriaPdfFromModel(criteriaModel(source, entry));
}

const BODY_SIZE = 11;
const LIST_INDENT = 18;
const QUOTE_INDENT = 16;

export async function criteriaPdfFromModel(model: CriteriaModel): Promise<Buffer> {
  await warmFonts();
  const { doc, root, finish } = createPdf({
    title: model.entry.title,
    subject: `${model.entry.programme} — ${model.entry.categoryName}: criteria answers`,
    footer: pdfFooterText(model.entry),
  });
  const left = doc.page.margins.left;
  const fullWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  writeTitleBlock(doc, root, 'Criteria answers', model.entry.title, subtitleOf(model.entry));
  // The award's short fields under the title (issue 17 item 1), each "Label: text" as the award's form asks.
  for (const field of model.shortFields) {
    writeBlock(doc, root, 'P', `${isolate(field.label)}: ${isolate(field.value)}`, { size: BODY_SIZE });
    moveDown(doc, BODY_SIZE, 0.4);
  }
  if (model.shortFields.length > 0) moveDown(doc, BODY_SIZE, 0.6);

  for (const section of model.sections) {
    keepSpace(doc, 80);
    const part = child(doc, root, 'Sect');
    doc.outline.addItem(section.title);
    writeBlock(doc, part, 'H2', sectionHeading({ ...section, title: isolate(section.title) }), {
      size: 15,
      bold: true,
    });
    moveDown(doc, 15, 0.5);
    if (section.blocks.length === 0) {
      writeBlock(doc, part, 'P', 'No answer written yet.', { size: BODY_SIZE, italic: true, colour: COLOUR.muted });
      moveDown(doc, BODY_SIZE, 0.5);
    } else {
      writeBlocks(doc, part, section.blocks, left, fullWidth, { last: 2 });
    }
    part.end();
    moveDown(doc, BODY_SIZE, 0.8);
  }
  return finish();
}

/** A paragraph's runs as spans: marks and links kept, line breaks as newlines, citations as their text. */
function spansOf(runs: readonly Run[]): Span[] {
  return runs.map((run): Span => {
    if (run.kind === 'break') return { text: '\n' };
    if (run.kind === 'citation') return { text: run.text };
    return { text: run.text, bold: run.bold, italic: run.italic, link: run.link };
  });
}

/**
 * The last heading level written in the section: the editor's headings are
 * levels 3 and 4 under the section's H2, and a level 4 with no level 3 before
 * it is tagged H3, so no level is skipped (PDF/UA, Matterhorn 14-003).
 */
type Headings = { last: number };

function writeBlocks(
  doc: PDFKit.PDFDocument,
  parent: Struct,
  blocks: readonly Block[],
  x: number,
  width: number,
  headings: Headings,
): void {
  for (const block of blocks) {
    switch (block.type) {
      case 'heading': {
        keepSpace(doc, 50);
        moveDown(doc, BODY_SIZE, 0.3);
        const size = block.level === 3 ? 13 : 12;
        const level = Math.min(block.level, headings.last + 1);
        headings.last = level;
        writeBlock(doc, parent, `H${level}`, spansOf(block.runs), { size, bold: true, x, width });
        moveDown(doc, size, 0.3);
        break;
      }
      case 'paragraph':
        writeBlock(doc, parent, 'P', spansOf(block.runs), { size: BODY_SIZE, x, width });
        moveDown(doc, BODY_SIZE, 0.5);
        break;
      case 'quote': {
        const quote = child(doc, parent, 'BlockQuote');
        const startPage = doc.page;
        const startY = doc.y;
        writeBlocks(doc, quote, block.blocks, x + QUOTE_INDENT, width - QUOTE_INDENT, headings);
        quote.end();
        const top = doc.page === startPage ? startY : doc.page.margins.top;
        const bottom = Math.max(top, doc.y - BODY_SIZE * 0.7);
        artifact(doc, () => {
          doc
            .save()
            .moveTo(x + 4, top)
            .lineTo(x + 4, bottom)
            .lineWidth(2)
            .strokeColor(COLOUR.rule)
            .stroke()
            .restore();
        });
        break;
      }
      case 'list': {
        const list = child(doc, parent, 'L');
        block.items.forEach((item, index) => {
          keepSpace(doc, 30);
          const listItem = child(doc, list, 'LI');
          const label = child(doc, listItem, 'Lbl');
          const y = doc.y;
          const marker = block.ordered ? `${block.start + index}.` : '\u2022';
          writeOneLine(doc, [{ text: marker }], {
            x,
            width: LIST_INDENT,
            size: BODY_SIZE,
            target: { owner: label, tag: 'Lbl' },
            noPageBreak: true,
          });
          label.end();
          doc.y = y;
          const body = child(doc, listItem, 'LBody');
          const first = item[0];
          if (first && (first.type === 'paragraph' || first.type === 'heading')) {
            writeBlock(doc, body, 'P', spansOf(first.runs), {
              size: BODY_SIZE,
              bold: first.type === 'heading',
              x: x + LIST_INDENT,
              width: width - LIST_INDENT,
            });
            moveDown(doc, BODY_SIZE, 0.25);
            writeBlocks(doc, body, item.slice(1), x + LIST_INDENT, width - LIST_INDENT, headings);
          } else {
            moveDown(doc, BODY_SIZE, 1);
            writeBlocks(doc, body, item, x + LIST_INDENT, width - LIST_INDENT, headings);
          }
          body.end();
          listItem.end();
        });
        list.end();
        moveDown(doc, BODY_SIZE, 0.3);
        break;
      }
    }
  }
}
