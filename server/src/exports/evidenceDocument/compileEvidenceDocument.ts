import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Exhibit, FILE_TYPES, type FileKind, unreachable, type WithheldExhibit } from '@jointly/shared';
import { PDFDocument } from 'pdf-lib';
import { type EntryHeading, footerText } from '../writing/exportText.ts';
import { pdfText } from '../writing/pdfWriter.ts';
import { addOutline, type OutlineEntry } from './addOutline.ts';
import {
  type Attached,
  appendConverted,
  appendCsv,
  appendImage,
  appendPdf,
  readStream,
  saveStream,
} from './attachFile.ts';
import { convertOfficeFiles, type OfficeConversion } from './convertOfficeFiles.ts';
import { stampPages } from './stampPages.ts';
import {
  type ContentsRow,
  exhibitHeading,
  type FileLine,
  type RowArea,
  renderExhibitHeading,
  renderFrontMatter,
  renderWithheld,
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

    const out = await PDFDocument.create();
    const { entry } = model;
    out.setTitle(pdfText(`${entry.title}: supporting evidence`), { showInWindowTitleBar: true });
    out.setSubject(pdfText(`${entry.programme} — ${entry.categoryName}: supporting evidence`));
    out.setAuthor('Jointly');
    out.setCreator('Jointly');
    out.setLanguage('en-GB');

    const sections: { exhibit: Exhibit; start: number; count: number }[] = [];
    for (const exhibit of model.exhibits) {
      const start = out.getPageCount();
      const lines: FileLine[] = [];
      for (const file of filesByItem.get(exhibit.itemId) ?? []) {
        const attached = await attach(out, file, conversions.get(file));
        lines.push({ name: file.name, note: attached.note });
        await yieldToLoop();
      }
      // The heading lists what happened to each file, so it is written after them and put before them.
      const heading = await PDFDocument.load(await renderExhibitHeading(exhibit, lines));
      const headingPages = await out.copyPages(heading, heading.getPageIndices());
      for (const [offset, page] of headingPages.entries()) out.insertPage(start + offset, page);
      sections.push({ exhibit, start, count: out.getPageCount() - start });
      await yieldToLoop();
    }
    const withheldStart = out.getPageCount();
    if (model.withheld.length > 0) await appendPdf(out, await renderWithheld(model.withheld));

    const { front, areas, targets } = await frontMatter(model, sections, withheldStart);
    const frontPages = await out.copyPages(front, front.getPageIndices());
    for (const [index, page] of frontPages.entries()) out.insertPage(index, page);
    const shift = frontPages.length;
    linkContents(out, areas, targets, shift);

    const exhibitAt = new Map<number, string>();
    for (const { exhibit, start, count } of sections) {
      for (let index = start; index < start + count; index++)
        exhibitAt.set(shift + index, exhibit.label ?? '(pending)');
    }
    await stampPages(out, footerText(entry), (index) => exhibitAt.get(index) ?? null);

    const outline: OutlineEntry[] = sections.map(({ exhibit, start }) => ({
      title: exhibitHeading(exhibit),
      pageIndex: shift + start,
    }));
    if (model.withheld.length > 0) outline.push({ title: 'Withheld exhibits', pageIndex: shift + withheldStart });
    addOutline(out, outline);
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
      return appendPdf(out, await readStream(await file.open()));
    case 'png':
    case 'jpeg':
      return appendImage(out, file.kind, await readStream(await file.open()), file.name);
    case 'csv':
      return appendCsv(out, await readStream(await file.open()), file.name);
    case 'docx':
    case 'xlsx':
    case 'pptx':
      return appendConverted(out, file, conversion);
    default:
      return unreachable(file.kind, 'file kind');
  }
}

/** The title block and contents with each exhibit's first page (1-based, counting the contents' own pages). */
async function frontMatter(
  model: EvidenceModel,
  sections: readonly { exhibit: Exhibit; start: number }[],
  withheldStart: number,
): Promise<{ front: PDFDocument; areas: RowArea[]; targets: number[] }> {
  // Each row's target: the index of its first page, counting from the first exhibit page.
  const targets = [...sections.map(({ start }) => start), ...model.withheld.map(() => withheldStart)];
  const rows = (shift: number | null): ContentsRow[] => [
    ...sections.map(({ exhibit }, index) => ({
      label: exhibit.label ?? '-',
      title: exhibit.kind === 'evidence' ? exhibit.title : `Testimonial — ${exhibit.attribution}`,
      page: shift === null ? null : shift + targets[index]! + 1,
    })),
    ...model.withheld.map((item) => ({
      label: item.label ?? '-',
      title: `Testimonial ${item.reason}`,
      page: shift === null ? null : shift + withheldStart + 1,
    })),
  ];
  // The page column has a fixed width, so numbering does not change the page count; checked rather than assumed.
  let pages = (await PDFDocument.load((await renderFrontMatter(model.entry, rows(null))).bytes)).getPageCount();
  for (;;) {
    const { bytes, areas } = await renderFrontMatter(model.entry, rows(pages));
    const front = await PDFDocument.load(bytes);
    if (front.getPageCount() === pages) return { front, areas, targets };
    pages = front.getPageCount();
  }
}

/** Each contents row is a link to its exhibit's first page (a judge clicks E7 and is there). */
function linkContents(out: PDFDocument, areas: readonly RowArea[], targets: readonly number[], shift: number): void {
  const pages = out.getPages();
  for (const area of areas) {
    const target = pages[shift + targets[area.row]!];
    const page = pages[area.page];
    if (!target || !page) continue;
    const link = out.context.register(
      out.context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [area.x, area.y, area.x + area.width, area.y + area.height],
        Border: [0, 0, 0],
        Dest: [target.ref, 'Fit'],
      }),
    );
    page.node.addAnnot(link);
  }
}
