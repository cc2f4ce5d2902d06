/**
 * The structure of a tagged PDF written with pdfkit (PDF/UA, ISO 14289-1):
 * every piece of content belongs to a structure element (a heading, a
 * paragraph, a list item, a table cell, a link …) or is marked as an
 * artifact (page furniture a reader skips: footers, rules, backgrounds).
 * The elements form a tree under one Document element, in reading order.
 */

export type Struct = PDFKit.PDFStructureElement;

/** A new element of `type` as the last child of `parent` (so it is in the tree before its content is added). */
export function child(
  doc: PDFKit.PDFDocument,
  parent: Struct,
  type: string,
  options: { alt?: string; lang?: string; title?: string } = {},
): Struct {
  const element = doc.struct(type, options);
  parent.add(element);
  return element;
}

/** Draws page furniture (footers, rules, backgrounds) as an artifact, outside the structure. */
export function artifact(doc: PDFKit.PDFDocument, draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** Where text goes in the structure: an element and its tag, an artifact, or nowhere (an untagged document). */
export type TextTarget = { owner: Struct; tag: string } | 'artifact' | null;
