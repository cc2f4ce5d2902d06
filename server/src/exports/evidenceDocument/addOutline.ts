import { PDFDict, type PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';

/**
 * PDF bookmarks (the outline a reader shows in its sidebar), one per entry,
 * each opening its page. pdf-lib has no outline API, so this writes the
 * dictionaries of ISO 32000-1 §12.3.3 itself: an /Outlines root with /First,
 * /Last and /Count, and a flat list of items linked by /Prev and /Next, each
 * with its /Title and a /Dest of [page /Fit].
 */

export type OutlineEntry = { title: string; pageIndex: number };

export function addOutline(out: PDFDocument, entries: readonly OutlineEntry[]): void {
  if (entries.length === 0) return;
  const { context, catalog } = out;
  const pages = out.getPages();
  const rootRef = context.nextRef();
  const refs: PDFRef[] = entries.map(() => context.nextRef());
  entries.forEach((entry, index) => {
    const item = PDFDict.withContext(context);
    // Titles are text strings (UTF-16 in hex): any name is kept as it is, nothing in it is read as syntax.
    item.set(PDFName.of('Title'), PDFHexString.fromText(entry.title));
    item.set(PDFName.of('Parent'), rootRef);
    if (index > 0) item.set(PDFName.of('Prev'), refs[index - 1]!);
    if (index < refs.length - 1) item.set(PDFName.of('Next'), refs[index + 1]!);
    item.set(PDFName.of('Dest'), context.obj([pages[entry.pageIndex]!.ref, PDFName.of('Fit')]));
    context.assign(refs[index]!, item);
  });
  const root = PDFDict.withContext(context);
  root.set(PDFName.of('Type'), PDFName.of('Outlines'));
  root.set(PDFName.of('First'), refs[0]!);
  root.set(PDFName.of('Last'), refs[refs.length - 1]!);
  root.set(PDFName.of('Count'), PDFNumber.of(refs.length));
  context.assign(rootRef, root);
  catalog.set(PDFName.of('Outlines'), rootRef);
  // Open with the bookmarks showing, so a judge sees the exhibits at once.
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
