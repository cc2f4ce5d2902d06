import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  type ILevelsOptions,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Tab,
  TabStopType,
  TextRun,
} from 'docx';
import { DOCX_DEFAULT_STYLES, DOCX_EXTRA_STYLES, STYLE } from './docxStyles.ts';
import { type CriteriaModel, criteriaModel, type ExportDocument, type ExportEntryMeta } from './exportModel.ts';
import type { Block, Run } from './sectionBlocks.ts';
import { hasRightToLeft, startsRightToLeft } from './writing/bidi.ts';
import { footerText, sectionHeading, subtitleOf } from './writing/exportText.ts';

/**
 * The criteria answers as a Word document (PRODUCT §3 journey 7): the entry
 * title, programme and category, then each section titled with its word
 * count and limit, its text with headings, lists, emphasis, links and
 * citations. Built only from the block model, so nothing outside the
 * editor's schema can reach the file (RELIABILITY I61).
 */
export async function renderCriteriaDocx(source: ExportDocument, entry: ExportEntryMeta): Promise<Buffer> {
  return criteriaDocxFromModel(criteriaModel(source, entry));
}

const INDENT_STEP = 720; // twips: half an inch per list level or quote
const LIST_LEVELS = 9;
const BULLETS = ['\u2022', '\u25e6', '\u25aa'];

type Context = {
  /** List nesting: -1 outside any list. */
  listLevel: number;
  /** Extra left indent from enclosing quotes. */
  quoteIndent: number;
  inQuote: boolean;
};

export async function criteriaDocxFromModel(model: CriteriaModel): Promise<Buffer> {
  const orderedLists: { reference: string; start: number }[] = [];
  const nextOrderedReference = (start: number) => {
    const reference = `ordered-${orderedLists.length + 1}`;
    orderedLists.push({ reference, start });
    return reference;
  };

  function runs(items: readonly Run[]): ParagraphChild[] {
    return items.map((run) => {
      if (run.kind === 'break') return new TextRun({ break: 1 });
      if (run.kind === 'citation') return new TextRun({ text: run.text });
      const text = new TextRun({
        text: run.text,
        // Only what a run adds to its style: an explicit "not bold" would unbold a heading's words.
        ...(run.bold ? { bold: true } : {}),
        ...(run.italic ? { italics: true } : {}),
        style: run.link ? 'Hyperlink' : undefined,
        // Word sets a run of right-to-left letters (and the spaces and marks in it) right to left.
        ...(hasRightToLeft(run.text) ? { rightToLeft: true } : {}),
      });
      return run.link ? new ExternalHyperlink({ link: run.link, children: [text] }) : text;
    });
  }

  /** A paragraph's direction, from its first strong letter (Word's own default would be left to right). */
  const direction = (items: readonly Run[]) =>
    startsRightToLeft(items.map((run) => (run.kind === 'break' ? '\n' : run.text)).join(''))
      ? { bidirectional: true }
      : {};

  function paragraphsOf(blocks: readonly Block[], context: Context): Paragraph[] {
    const out: Paragraph[] = [];
    const indent = context.quoteIndent + (context.listLevel + 1) * INDENT_STEP;
    for (const block of blocks) {
      switch (block.type) {
        case 'heading':
          out.push(
            new Paragraph({
              heading: block.level === 3 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
              children: runs(block.runs),
              indent: indent > 0 ? { left: indent } : undefined,
              ...direction(block.runs),
            }),
          );
          break;
        case 'paragraph':
          out.push(
            new Paragraph({
              children: runs(block.runs),
              ...(context.inQuote ? { style: STYLE.quote } : {}),
              indent: indent > 0 ? { left: indent } : undefined,
              ...direction(block.runs),
            }),
          );
          break;
        case 'quote':
          out.push(
            ...paragraphsOf(block.blocks, {
              ...context,
              quoteIndent: context.quoteIndent + INDENT_STEP,
              inQuote: true,
            }),
          );
          break;
        case 'list': {
          const level = Math.min(context.listLevel + 1, LIST_LEVELS - 1);
          const reference = block.ordered ? nextOrderedReference(block.start) : 'bullets';
          for (const item of block.items) {
            const itemParagraphs = paragraphsOf(item, { ...context, listLevel: level });
            // The item's first paragraph carries the bullet or number; an empty item still shows one.
            const first = item[0];
            // A list item is a List Bullet or List Number paragraph, numbered by its list.
            const style = block.ordered ? STYLE.listNumber : STYLE.listBullet;
            if (first && (first.type === 'paragraph' || first.type === 'heading')) {
              itemParagraphs[0] = new Paragraph({
                style,
                children: runs(first.runs),
                numbering: { reference, level },
                ...direction(first.runs),
              });
            } else {
              itemParagraphs.unshift(new Paragraph({ style, children: [], numbering: { reference, level } }));
            }
            out.push(...itemParagraphs);
          }
          break;
        }
      }
    }
    return out;
  }

  const body: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: model.entry.title })] }),
    new Paragraph({ style: STYLE.subtitle, children: [new TextRun({ text: subtitleOf(model.entry) })] }),
    // The award's short fields under the title (issue 17 item 1).
    ...model.shortFields.map(
      (field) =>
        new Paragraph({
          children: [new TextRun({ text: `${field.label}: `, bold: true }), new TextRun({ text: field.value })],
        }),
    ),
  ];
  for (const section of model.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(sectionHeading(section))] }));
    if (section.blocks.length === 0) {
      body.push(new Paragraph({ children: [new TextRun({ text: 'No answer written yet.', italics: true })] }));
    } else {
      body.push(...paragraphsOf(section.blocks, { listLevel: -1, quoteIndent: 0, inQuote: false }));
    }
  }

  const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], start: number): ILevelsOptions[] =>
    Array.from({ length: LIST_LEVELS }, (_, level) => ({
      level,
      format,
      text: format === LevelFormat.BULLET ? BULLETS[level % BULLETS.length]! : `%${level + 1}.`,
      start,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: INDENT_STEP * (level + 1), hanging: 360 } } },
    }));

  const document = new Document({
    title: model.entry.title,
    subject: `${model.entry.programme} — ${model.entry.categoryName}: criteria answers`,
    creator: 'Jointly',
    description: `The criteria answers of ${model.entry.title}`,
    styles: { default: DOCX_DEFAULT_STYLES },
    externalStyles: DOCX_EXTRA_STYLES,
    numbering: {
      config: [
        { reference: 'bullets', levels: levels(LevelFormat.BULLET, 1) },
        ...orderedLists.map(({ reference, start }) => ({ reference, levels: levels(LevelFormat.DECIMAL, start) })),
      ],
    },
    sections: [{ footers: { default: pageFooter(footerText(model.entry)) }, children: body }],
  });
  return Packer.toBuffer(document);
}

/** A4 text width in twips (11906 wide, less the default one-inch margins). */
const TEXT_WIDTH = 11906 - 2 * 1440;

/**
 * Every page's footer (I11-16): the entry, its version and the partners, then
 * "Page 3 of 12" at the right margin as PAGE and NUMPAGES fields, which Word
 * fills in as it lays out the pages.
 */
function pageFooter(text: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        children: [
          new TextRun({ text }),
          new TextRun({ children: [new Tab(), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
}
