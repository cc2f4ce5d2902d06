import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Exhibit, FILE_TYPES, type FileKind, unreachable, type WithheldExhibit } from '@jointly/shared';
import { type PDFArray, PDFDocument, PDFName, type PDFPage, PDFString } from 'pdf-lib';
import type { EntryHeading } from '../writing/exportText.ts';
import { warmFonts } from '../writing/fonts.ts';
import { DOCUMENT_LANGUAGE, pdfFooterText } from '../writing/pdfWriter.ts';
import { child } from '../writing/tagging.ts';
import { addOutline, type OutlineEntry } from './addOutline.ts';
import {
  type Attached,
  drawImage,
  type EmbeddedImage,
  pagesNote,
  readConverted,
  readCsv,
  readImage,
  readPdfPages,
  readStream,
  saveStream,
} from './attachFile.ts';
import { convertOfficeFiles, type OfficeConversion } from './convertOfficeFiles.ts';
import { writeCsvTable } from './csvTable.ts';
import { stampPages } from './stampPages.ts';
import { StructureTree } from './structureTree.ts';
import { uniqueSubsetNames } from './subsetNames.ts';
import {
  type ContentsRow,
  evidencePages,
  exhibitHeading,
  type FileLine,
  PAGE_MARGINS,
  renderFrontMatter,
  writeExhibitHeading,
  writeImageCaption,
  writeWithheld,
} from './textPages.ts';

/**
 * The supporting-evidence document judges read (issue 13): one PDF with a
 * title block and contents page (every exhibit's judge number, title and
 * first page), then each exhibit in order, starting on a new page: its
 * heading and fields, then its attached files' pages (PDFs merged page by
 * page, images on A4, Word / Excel / PowerPoint converted by LibreOffice, CSV
 * as a table); then the withheld testimonials by label only. Every page is
 * stamped with the footer and "Page n of N", an exhibit's pages with its
 * number, and the outline has a bookmark per exhibit.
 *
 * Exhibit pages are written first, so the contents can give real page
 * numbers; the contents are rendered twice (to count their own pages, then
 * with the numbers) and put in front. Attached files are read one at a time
 * and the event loop gets a turn between files and exhibits.
 */

/** What the document shows: exportModel's EvidenceModel is one (judge-numbered exhibits, the withheld ones). */
export type EvidenceModel = { entry: EntryHeading; exhibits: Exhibit[]; withheld: WithheldExhibit[] };

export type ExhibitFile = { name: string; kind: FileKind; pages?: number; open(): Promise<NodeJS.ReadableStream> };

export type CompileOptions = {
  /** Convert Word, Excel and PowerPoint files with LibreOffice (default true; where it is missing they are named). */
  convertOffice?: boolean;
  /** The time limit of the LibreOffice run converting this document's Office files (default 2 minutes). */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 120_000;

const OFFICE_KINDS: ReadonlySet<FileKind> = new Set(['docx', 'xlsx', 'pptx']);

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An exhibit's pages in document order: our pages (a range of the pdfkit document), attached pages, or an image's page. */
type Placed =
  | { kind: 'ours'; from: number; to: number }
  | { kind: 'attached'; pages: PDFPage[]; part: string }
  | { kind: 'image'; page: number; image: EmbeddedImage; part: string; alt: string };

/** The whole supporting-evidence document; `filesOf(itemId)` gives an item's attached files in document order (unknown ids skipped). */
export async function compileEvidenceDocument(
  model: EvidenceModel,
  filesOf: (itemId: string) => ExhibitFile[],
  options: CompileOptions = {},
): Promise<Buffer> {
  const workDir = await mkdtemp(join(tmpdir(), 'jointly-evidence-'));
  try {
    // A testimonial's files are its signed consent forms: records for the entrants, never exhibits for judges.
    const filesByItem = new Map(
      model.exhibits.map((exhibit) => [exhibit.itemId, exhibit.kind === 'evidence' ? filesOf(exhibit.itemId) : []]),
    );
    const conversions =
      options.convertOffice === false
        ? new Map<ExhibitFile, OfficeConversion>()
        : await convertAll([...filesByItem.values()].flat(), workDir, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

    await warmFonts();
    const out = await PDFDocument.create();
    const { entry } = model;
    out.setTitle(`${entry.title}: supporting evidence`, { showInWindowTitleBar: true });
    out.setSubject(`${entry.programme} — ${entry.categoryName}: supporting evidence`);
    out.setAuthor('Jointly');
    out.setCreator('Jointly');
    out.setLanguage(DOCUMENT_LANGUAGE);

    // Our pages (headings, captions, tables, withheld) go into one tagged pdfkit document, counted as they come.
    const ours = evidencePages(false);
    let written = 0;
    ours.doc.on('pageAdded', () => written++);
    const newPage = (size?: { landscape: boolean }) => {
      ours.doc.addPage({ size: 'A4', layout: size?.landscape ? 'landscape' : 'portrait', margins: PAGE_MARGINS });
      return written - 1;
    };
    const sections: { exhibit: Exhibit; placed: Placed[] }[] = [];
    for (const [exhibitIndex, exhibit] of model.exhibits.entries()) {
      const section = child(ours.doc, ours.root, 'Sect');
      const head = child(ours.doc, section, 'Div');
      const placed: Placed[] = [];
      const lines: FileLine[] = [];
      for (const [fileIndex, file] of (filesByItem.get(exhibit.itemId) ?? []).entries()) {
        const attached = await attach(out, file, conversions.get(file));
        const part = `exhibit-${exhibitIndex}-file-${fileIndex}`;
        let note = attached.note;
        if (attached.part) {
          // Each part has its element in the exhibit's section, where its tags go (or are put in later).
          const element = child(ours.doc, section, 'Div', { title: part });
          if (attached.part.kind === 'pages') placed.push({ kind: 'attached', pages: attached.part.pages, part });
          else if (attached.part.kind === 'image') {
            const { image, name } = attached.part;
            const page = newPage({ landscape: image.width > image.height });
            writeImageCaption(ours.doc, element, name);
            placed.push({ kind: 'image', page, image, part, alt: `Attached image: ${name}` });
          } else {
            const from = newPage();
            writeCsvTable(ours.doc, element, attached.part.name, attached.part.rows);
            placed.push({ kind: 'ours', from, to: written });
            note = pagesNote(written - from);
          }
          element.end();
        }
        lines.push({ name: file.name, note });
        await yieldToLoop();
      }
      // The heading lists what happened to each file, so it is written after them and put before them.
      const from = newPage();
      writeExhibitHeading(ours.doc, head, exhibit, lines);
      head.end();
      section.end();
      placed.unshift({ kind: 'ours', from, to: written });
      sections.push({ exhibit, placed });
      await yieldToLoop();
    }
    let withheldPages: Placed | null = null;
    if (model.withheld.length > 0) {
      const section = child(ours.doc, ours.root, 'Sect');
      const from = newPage();
      writeWithheld(ours.doc, section, model.withheld);
      section.end();
      withheldPages = { kind: 'ours', from, to: written };
    }

    const structure = new StructureTree(out);
    const adopted = written > 0 ? structure.adopt(await PDFDocument.load(await ours.bytes())) : null;
    const ourPages = adopted?.pages ?? [];
    const ourElements = adopted?.elements ?? [];

    // The pages in order, counted from the first exhibit page; each exhibit's first page and range.
    const body: PDFPage[] = [];
    const ranges: { exhibit: Exhibit; start: number; count: number }[] = [];
    for (const [index, { exhibit, placed }] of sections.entries()) {
      const start = body.length;
      const element = ourElements[index]!;
      for (const item of placed) {
        if (item.kind === 'ours') body.push(...ourPages.slice(item.from, item.to));
        else if (item.kind === 'attached') {
          const parent = structure.find(element, item.part) ?? element;
          for (const page of item.pages) {
            structure.adoptUntagged(page, parent);
            body.push(page);
          }
        } else {
          const page = ourPages[item.page]!;
          drawImage(structure, page, structure.find(element, item.part) ?? element, item.image, item.alt);
          body.push(page);
        }
      }
      ranges.push({ exhibit, start, count: body.length - start });
    }
    const withheldStart = body.length;
    if (withheldPages?.kind === 'ours') body.push(...ourPages.slice(withheldPages.from, withheldPages.to));

    const { front, targets } = await frontMatter(model, ranges, withheldStart);
    const frontMatterTree = structure.adopt(front);
    for (const element of frontMatterTree.elements) structure.append(element);
    for (const element of ourElements) structure.append(element);
    for (const page of [...frontMatterTree.pages, ...body]) out.addPage(page);
    const shift = frontMatterTree.pages.length;
    addDestinations(out, targets, shift);

    const exhibitAt = new Map<number, string>();
    for (const { exhibit, start, count } of ranges) {
      for (let index = start; index < start + count; index++)
        exhibitAt.set(shift + index, exhibit.label ?? '(pending)');
    }
    await stampPages(out, pdfFooterText(entry), (index) => exhibitAt.get(index) ?? null);

    const outline: OutlineEntry[] = ranges.map(({ exhibit, start }) => ({
      title: exhibitHeading(exhibit),
      pageIndex: shift + start,
    }));
    if (model.withheld.length > 0) outline.push({ title: 'Withheld exhibits', pageIndex: shift + withheldStart });
    addOutline(out, outline);
    structure.finish();
    uniqueSubsetNames(out);
    // A few objects a turn: writing yields to the event loop often (pdf-lib's default is 50).
    return Buffer.from(await out.save({ objectsPerTick: 20 }));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Every Office file of the document, saved under a name of our own and converted in one LibreOffice run. */
async function convertAll(
  files: readonly ExhibitFile[],
  workDir: string,
  timeoutMs: number,
): Promise<Map<ExhibitFile, OfficeConversion>> {
  const office = files.filter((file) => OFFICE_KINDS.has(file.kind));
  const paths = new Map<ExhibitFile, string>();
  for (const [index, file] of office.entries()) {
    // Never the uploader's name: it is display-only and may be anything.
    const path = join(workDir, `file${index}${FILE_TYPES[file.kind].extensions[0]}`);
    await saveStream(await file.open(), path);
    paths.set(file, path);
  }
  const converted = await convertOfficeFiles([...paths.values()], workDir, timeoutMs);
  return new Map([...paths].map(([file, path]) => [file, converted.get(path)!]));
}

async function attach(
  out: PDFDocument,
  file: ExhibitFile,
  conversion: OfficeConversion | undefined,
): Promise<Attached> {
  switch (file.kind) {
    case 'pdf':
      return readPdfPages(out, await readStream(await file.open()));
    case 'png':
    case 'jpeg':
      return readImage(out, file.kind, await readStream(await file.open()), file.name);
    case 'csv':
      return readCsv(await readStream(await file.open()), file.name);
    case 'docx':
    case 'xlsx':
    case 'pptx':
      return readConverted(out, file, conversion);
    default:
      return unreachable(file.kind, 'file kind');
  }
}

/** The destination of an exhibit's contents entry (sorted as the name tree must be: by exhibit order). */
const destinationOf = (index: number) => `exhibit-${String(index).padStart(5, '0')}`;
const WITHHELD_DESTINATION = 'withheld';

/** The title block and contents with each exhibit's first page (1-based, counting the contents' own pages). */
async function frontMatter(
  model: EvidenceModel,
  ranges: readonly { exhibit: Exhibit; start: number }[],
  withheldStart: number,
): Promise<{ front: PDFDocument; targets: Map<string, number> }> {
  // Each destination's page: its index counting from the first exhibit page.
  const targets = new Map<string, number>(ranges.map(({ start }, index) => [destinationOf(index), start]));
  if (model.withheld.length > 0) targets.set(WITHHELD_DESTINATION, withheldStart);
  const rows = (shift: number | null): ContentsRow[] => [
    ...ranges.map(({ exhibit, start }, index) => ({
      label: exhibit.label ?? '-',
      title: exhibit.kind === 'evidence' ? exhibit.title : `Testimonial — ${exhibit.attribution}`,
      page: shift === null ? null : shift + start + 1,
      destination: destinationOf(index),
    })),
    ...model.withheld.map((item) => ({
      label: item.label ?? '-',
      title: `Testimonial ${item.reason}`,
      page: shift === null ? null : shift + withheldStart + 1,
      destination: WITHHELD_DESTINATION,
    })),
  ];
  // The page column has a fixed width, so numbering does not change the page count; checked rather than assumed.
  let pages = (await PDFDocument.load(await renderFrontMatter(model.entry, rows(null)))).getPageCount();
  for (;;) {
    const front = await PDFDocument.load(await renderFrontMatter(model.entry, rows(pages)));
    if (front.getPageCount() === pages) return { front, targets };
    pages = front.getPageCount();
  }
}

/**
 * The named destinations the contents entries go to (each opens its page
 * whole), in the catalog's /Dests name tree (ISO 32000-1 §12.3.2.3).
 */
function addDestinations(out: PDFDocument, targets: ReadonlyMap<string, number>, shift: number): void {
  const pages = out.getPages();
  const names: (PDFString | PDFArray)[] = [];
  for (const name of [...targets.keys()].sort()) {
    const page = pages[shift + targets.get(name)!];
    if (page) names.push(PDFString.of(name), out.context.obj([page.ref, PDFName.of('Fit')]));
  }
  if (names.length === 0) return;
  out.catalog.set(PDFName.of('Names'), out.context.obj({ Dests: out.context.obj({ Names: names }) }));
}
