import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads exported files back for the tests, with libraries independent of
 * the ones that wrote them: PDF text and links through pdf.js, DOCX
 * paragraphs through the OOXML in the zip.
 */

export type PdfReadBack = {
  /** The text of every page, lines separated by newlines. */
  text: string;
  /** The text with all whitespace collapsed to single spaces (for phrase checks across line wraps). */
  flat: string;
  /** Each page's text, whitespace collapsed (for what every page must show, such as its footer). */
  pageTexts: string[];
  /** URLs of link annotations. */
  links: string[];
  pages: number;
  title: string | null;
};

export async function readPdf(bytes: Uint8Array): Promise<PdfReadBack> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const lines: string[] = [];
  const links: string[] = [];
  const pageTexts: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    let line = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = '';
      }
    }
    if (line !== '') lines.push(line);
    pageTexts.push(
      content.items
        .map((item) => ('str' in item ? `${item.str}${item.hasEOL ? ' ' : ''}` : ''))
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    for (const annotation of await page.getAnnotations()) {
      if (annotation.subtype === 'Link' && typeof annotation.url === 'string') links.push(annotation.url);
      if (annotation.subtype === 'Link' && typeof annotation.unsafeUrl === 'string') links.push(annotation.unsafeUrl);
    }
  }
  const metadata = (await pdf.getMetadata()) as { info?: { Title?: string } };
  const text = lines.join('\n');
  await pdf.destroy();
  return {
    text,
    flat: text.replace(/\s+/g, ' '),
    pageTexts,
    links: [...new Set(links)],
    pages: lines.length === 0 ? 0 : pdf.numPages,
    title: metadata.info?.Title ?? null,
  };
}

export type DocxRun = { text: string; bold: boolean; italic: boolean };
export type DocxParagraph = {
  style: string | null;
  /** The numbering (list) id and level, when the paragraph is a list item. */
  numbering: { id: string; level: number } | null;
  runs: DocxRun[];
  /** Relationship ids of hyperlinks in the paragraph. */
  hyperlinks: string[];
  text: string;
};

export type DocxReadBack = {
  paragraphs: DocxParagraph[];
  /** Every part's XML, by path, for checks that something appears nowhere. */
  parts: Map<string, string>;
  /** Hyperlink relationship id → target URL. */
  linkTargets: Map<string, string>;
  /** Ordered-list numbering ids (decimal format). */
  decimalNumberingIds: Set<string>;
};

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** A small reader of word/document.xml: paragraphs with their style, list numbering and runs. */
export async function readDocx(bytes: Uint8Array): Promise<DocxReadBack> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    const file = zip.file(name);
    if (file && /\.(xml|rels)$/.test(name)) parts.set(name, await file.async('string'));
  }
  const xml = parts.get('word/document.xml');
  if (!xml) throw new Error('word/document.xml is missing');
  const paragraphs: DocxParagraph[] = [];
  for (const match of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    const p = match[0];
    const style = /<w:pStyle w:val="([^"]*)"/.exec(p)?.[1] ?? null;
    const numId = /<w:numId w:val="([^"]*)"/.exec(p)?.[1];
    const ilvl = /<w:ilvl w:val="([^"]*)"/.exec(p)?.[1];
    const runs: DocxRun[] = [];
    for (const r of p.matchAll(/<w:r>[\s\S]*?<\/w:r>|<w:r [\s\S]*?<\/w:r>/g)) {
      const run = r[0];
      const props = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '';
      const text = [...run.matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((t) => decode(t[1]!)).join('');
      const breaks = /<w:br\/>/.test(run) ? '\n' : '';
      runs.push({
        text: breaks + text,
        bold: /<w:b\/>|<w:b w:val="(?:true|1)"\/>/.test(props),
        italic: /<w:i\/>|<w:i w:val="(?:true|1)"\/>/.test(props),
      });
    }
    const hyperlinks = [...p.matchAll(/<w:hyperlink [^>]*r:id="([^"]*)"/g)].map((h) => h[1]!);
    paragraphs.push({
      style,
      numbering: numId ? { id: numId, level: Number(ilvl ?? 0) } : null,
      runs,
      hyperlinks,
      text: runs.map((r) => r.text).join(''),
    });
  }
  const linkTargets = new Map<string, string>();
  const rels = parts.get('word/_rels/document.xml.rels') ?? '';
  for (const rel of rels.matchAll(/<Relationship [^>]*>/g)) {
    const id = /Id="([^"]*)"/.exec(rel[0])?.[1];
    const target = /Target="([^"]*)"/.exec(rel[0])?.[1];
    if (id && target && /hyperlink/.test(rel[0])) linkTargets.set(id, decode(target));
  }
  // Which numbering ids are decimal (ordered) lists: w:num → w:abstractNumId → its level 0 format.
  const numberingXml = parts.get('word/numbering.xml') ?? '';
  const abstractFormat = new Map<string, string>();
  for (const a of numberingXml.matchAll(/<w:abstractNum [^>]*w:abstractNumId="([^"]*)"[\s\S]*?<\/w:abstractNum>/g)) {
    abstractFormat.set(a[1]!, /<w:numFmt w:val="([^"]*)"/.exec(a[0])?.[1] ?? '');
  }
  const decimalNumberingIds = new Set<string>();
  for (const n of numberingXml.matchAll(/<w:num [^>]*w:numId="([^"]*)"[^>]*>[\s\S]*?<\/w:num>/g)) {
    const abstractId = /<w:abstractNumId w:val="([^"]*)"/.exec(n[0])?.[1];
    if (abstractId && abstractFormat.get(abstractId) === 'decimal') decimalNumberingIds.add(n[1]!);
  }
  return { paragraphs, parts, linkTargets, decimalNumberingIds };
}
