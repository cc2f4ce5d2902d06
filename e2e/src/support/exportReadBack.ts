import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Opens the files Jointly exports, as a judge's computer would, with
 * libraries independent of the ones that wrote them: a PDF's text through
 * pdf.js, a DOCX's paragraphs from word/document.xml in the zip. The minimal
 * logic of server/src/exports/testing/readBack.ts.
 */

export type PdfText = {
  /** The text of every page, lines separated by newlines. */
  text: string;
  /** The text with all whitespace collapsed to single spaces (phrases survive line wraps). */
  flat: string;
  /** Each page's text, whitespace collapsed as in `flat` (index 0 is page 1). */
  pageTexts: string[];
  pages: number;
};

export async function readPdfText(bytes: Uint8Array): Promise<PdfText> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const lines: string[] = [];
  const pageTexts: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const firstLine = lines.length;
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    let line = '';
    let lineY: number | undefined;
    for (const item of content.items) {
      if (!('str' in item)) continue;
      // A tagged PDF's artifacts (page numbers, footers) are read after the content with no
      // end-of-line flag: a run drawn at another height starts a new line all the same.
      const y = item.transform[5] as number;
      if (line !== '' && lineY !== undefined && Math.abs(y - lineY) > 1) {
        lines.push(line);
        line = '';
      }
      lineY = y;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = '';
      }
    }
    if (line !== '') lines.push(line);
    pageTexts.push(flatten(lines.slice(firstLine).join('\n')));
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  const text = lines.join('\n');
  return { text, flat: flatten(text), pageTexts, pages };
}

const flatten = (text: string) => text.replace(/\s+/g, ' ');

export type DocxParagraph = { style: string | null; text: string };

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The paragraphs of word/document.xml: each one's style (e.g. "Heading2") and its runs' text joined. */
export async function readDocxParagraphs(bytes: Uint8Array): Promise<DocxParagraph[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml is missing');
  const paragraphs: DocxParagraph[] = [];
  for (const match of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    const p = match[0];
    const style = /<w:pStyle w:val="([^"]*)"/.exec(p)?.[1] ?? null;
    const text = [...p.matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((t) => decode(t[1]!)).join('');
    paragraphs.push({ style, text });
  }
  return paragraphs;
}
