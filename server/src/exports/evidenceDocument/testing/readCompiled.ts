import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readPdf } from '../../testing/readBack.ts';

/**
 * The compiled document as pdf.js reads it (a reader independent of the
 * libraries that wrote it): each page's text and size, and the outline with
 * the page each bookmark opens.
 */

export type CompiledReadBack = Awaited<ReturnType<typeof readPdf>> & {
  sizes: { width: number; height: number }[];
  outline: { title: string; page: number }[];
  /** Links within the document: the page they are on and the page they open, in the order they appear. */
  internalLinks: { from: number; to: number }[];
};

export async function readCompiled(bytes: Uint8Array): Promise<CompiledReadBack> {
  const base = await readPdf(bytes);
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const sizes: { width: number; height: number }[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const viewport = (await pdf.getPage(number)).getViewport({ scale: 1 });
    sizes.push({ width: Math.round(viewport.width), height: Math.round(viewport.height) });
  }
  const internalLinks: { from: number; to: number }[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    for (const annotation of await (await pdf.getPage(number)).getAnnotations()) {
      if (annotation.subtype !== 'Link' || annotation.dest === undefined || annotation.dest === null) continue;
      // A named destination (the contents entries) is looked up in the document's name tree.
      const dest = typeof annotation.dest === 'string' ? await pdf.getDestination(annotation.dest) : annotation.dest;
      if (!Array.isArray(dest)) continue;
      internalLinks.push({ from: number, to: (await pdf.getPageIndex(dest[0])) + 1 });
    }
  }
  const outline: { title: string; page: number }[] = [];
  for (const item of (await pdf.getOutline()) ?? []) {
    const dest = typeof item.dest === 'string' ? await pdf.getDestination(item.dest) : item.dest;
    const ref = dest?.[0];
    const page = ref && typeof ref === 'object' ? (await pdf.getPageIndex(ref)) + 1 : -1;
    outline.push({ title: item.title, page });
  }
  await pdf.destroy();
  return { ...base, sizes, outline, internalLinks };
}

/** The 1-based page numbers whose text contains `text`. */
export const pagesWith = (read: { pageTexts: string[] }, text: string): number[] =>
  read.pageTexts.flatMap((page, index) => (page.includes(text) ? [index + 1] : []));
