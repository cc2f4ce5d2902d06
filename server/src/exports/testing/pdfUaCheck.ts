import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRef, PDFStream } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A structural check of a tagged PDF against the machine-checkable parts of
 * PDF/UA-1 (ISO 14289-1) and the Matterhorn Protocol, for the tests. No
 * PDF/UA validator is published on npm (veraPDF is Java and not on this
 * machine), so this reads the file two ways: with pdf.js (a reader
 * independent of pdfkit and pdf-lib) for what a reader sees, the text and
 * which structure element or artifact each piece of it belongs to, and by
 * walking the objects for the whole structure tree, the fonts and the
 * catalog. Every problem found is listed; an empty list passes.
 */

export type PdfUaReport = {
  problems: string[];
  /** Structure types in reading order. */
  roles: string[];
  /** Each Figure's alternative text. */
  figures: string[];
  language: string | null;
  outline: string[];
};

/** The standard structure types of ISO 32000-1 §14.8.4 (no role map is needed for these). */
const STANDARD_TYPES = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl ' +
    'LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu ' +
    'WT WP Figure Formula Form'
  ).split(' '),
);
const STANDARD_14 = /^(Times|Helvetica|Courier|Symbol|ZapfDingbats)/;

/** What each structure type must be inside (Matterhorn 09-004 and the table rules of ISO 32000-1 §14.8.4.3). */
const PARENT_OF: Record<string, string[]> = {
  LI: ['L'],
  Lbl: ['LI'],
  LBody: ['LI'],
  TR: ['Table', 'THead', 'TBody', 'TFoot'],
  TH: ['TR'],
  TD: ['TR'],
  TOCI: ['TOC'],
};

export async function checkPdfUa(bytes: Uint8Array, options: { claimsPdfUa: boolean }): Promise<PdfUaReport> {
  const problems: string[] = [];
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const { info, metadata } = (await pdf.getMetadata()) as {
    info: { Title?: string; Language?: string };
    metadata: { get(name: string): unknown } | null;
  };
  if (!info.Title) problems.push('no document title');
  const language = info.Language ?? null;
  if (!language) problems.push('no document language (/Lang)');
  if (((await pdf.getViewerPreferences()) as { DisplayDocTitle?: boolean } | null)?.DisplayDocTitle !== true)
    problems.push('DisplayDocTitle is not true');
  if ((await pdf.getMarkInfo())?.Marked !== true) problems.push('MarkInfo /Marked is not true');
  if (options.claimsPdfUa && metadata?.get('pdfuaid:part') !== '1') problems.push('no pdfuaid:part 1 in the XMP');
  const outline = ((await pdf.getOutline()) ?? []).map((item) => item.title);
  if (outline.length === 0) problems.push('no bookmarks');

  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const tree = await page.getStructTree();
    const taggedIds = new Set<string>();
    const collect = (node: { children?: unknown[]; id?: string; type?: string }) => {
      if (node.type === 'content' && node.id) taggedIds.add(node.id);
      for (const child of node.children ?? []) collect(child as typeof node);
    };
    if (tree) collect(tree as never);
    // Every piece of text is in a marked-content sequence that a structure element owns, or in an artifact.
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: { tag: string | null; id: string | null }[] = [];
    for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
        stack.push({ tag: item.tag ?? null, id: item.id ?? null });
      } else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string' && item.str.trim() !== '') {
        const artifact = stack.some((mark) => mark.tag === 'Artifact');
        const owned = stack.some((mark) => mark.id !== null && taggedIds.has(mark.id));
        if (!artifact && !owned) problems.push(`page ${number}: untagged text "${item.str.slice(0, 40)}"`);
      }
    }
    for (const annotation of (await page.getAnnotations()) as {
      subtype: string;
      structParent?: number;
      contentsObj?: { str: string };
    }[]) {
      if (annotation.subtype !== 'Link') continue;
      if (!(typeof annotation.structParent === 'number' && annotation.structParent >= 0)) {
        problems.push(`page ${number}: a link annotation outside the structure`);
      }
      if (!annotation.contentsObj?.str) problems.push(`page ${number}: a link annotation without Contents`);
    }
  }
  await pdf.destroy();

  const parsed = await PDFDocument.load(bytes, { updateMetadata: false });
  const { roles, figures } = walkStructure(parsed, problems);
  checkFontsAndPages(parsed, problems);
  return { problems, roles, figures, language, outline };
}

/** The structure tree from its root, in order: types, nesting, headings, figures. */
function walkStructure(doc: PDFDocument, problems: string[]): { roles: string[]; figures: string[] } {
  const roles: string[] = [];
  const figures: string[] = [];
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) {
    problems.push('no structure tree');
    return { roles, figures };
  }
  let lastHeading = 0;
  const visit = (object: PDFObject | undefined, parentType: string, depth: number) => {
    if (depth > 64) return;
    const dict = object instanceof PDFRef ? doc.context.lookup(object) : object;
    if (!(dict instanceof PDFDict)) return;
    const kind = dict.get(PDFName.of('Type'));
    if (kind === PDFName.of('MCR') || kind === PDFName.of('OBJR')) return;
    const type = dict.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText();
    if (!type) return;
    roles.push(type);
    if (!STANDARD_TYPES.has(type)) problems.push(`non-standard structure type ${type}`);
    const parents = PARENT_OF[type];
    if (parents && !parents.includes(parentType)) problems.push(`${type} inside ${parentType}`);
    const heading = /^H([1-6])$/.exec(type);
    if (heading) {
      const level = Number(heading[1]);
      if (level > lastHeading + 1) problems.push(`heading level skipped: H${lastHeading || '-'} then ${type}`);
      lastHeading = level;
    }
    if (type === 'Figure') {
      const alt = dict.lookup(PDFName.of('Alt'));
      const text = alt && 'decodeText' in alt ? (alt as { decodeText(): string }).decodeText() : '';
      if (text.trim() === '') problems.push('a Figure without alternative text');
      figures.push(text);
    }
    const kids = dict.get(PDFName.of('K'));
    const items = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
    for (const kid of items) if (!(kid instanceof PDFNumber)) visit(kid, type, depth + 1);
  };
  const top = root.get(PDFName.of('K'));
  for (const kid of top instanceof PDFArray ? top.asArray() : [top]) visit(kid, 'StructTreeRoot', 0);
  if (roles[0] !== 'Document') problems.push(`the structure starts with ${roles[0] ?? 'nothing'}, not Document`);
  return { roles, figures };
}

/** Every font embedded (none of the standard 14 left unembedded); pages with annotations in structure order. */
function checkFontsAndPages(doc: PDFDocument, problems: string[]): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? null : object instanceof PDFDict ? object : null;
    if (!dict || dict.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const name = dict.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? '';
    const subtype = dict.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Type0')) continue; // its descendant carries the descriptor
    const descriptor = dict.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    if (!embedded)
      problems.push(`font ${name || '(unnamed)'} is not embedded${STANDARD_14.test(name) ? ' (standard 14)' : ''}`);
  }
  for (const [index, page] of doc.getPages().entries()) {
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annotations && annotations.size() > 0 && page.node.get(PDFName.of('Tabs')) !== PDFName.of('S')) {
      problems.push(`page ${index + 1}: annotations without /Tabs /S`);
    }
  }
}
