import {
  decodePDFRawStream,
  PDFArray,
  PDFContentStream,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectCopier,
  PDFOperator,
  PDFOperatorNames,
  PDFPage,
  type PDFPageLeaf,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/**
 * The structure tree (the tags) of the compiled evidence document. The
 * pages Jointly writes are tagged by pdfkit, each batch in a document of
 * its own; pdf-lib has no notion of tags, so this keeps them when pages are
 * copied into the compiled document: the elements are copied with their
 * pages (by one copier, so their page references meet the copies), grafted
 * under one Document element, and the parent tree (which element owns each
 * marked-content sequence and annotation on a page) is renumbered into one.
 * It also tags what is added here: each attached image as a Figure with its
 * alternative text, and the text of attached pages that carry no tags of
 * their own.
 */

const K = PDFName.of('K');
const P = PDFName.of('P');
const T = PDFName.of('T');
const STRUCT_PARENTS = PDFName.of('StructParents');
const STRUCT_PARENT = PDFName.of('StructParent');

export class StructureTree {
  private readonly rootRef: PDFRef;
  private readonly documentRef: PDFRef;
  private readonly documentKids: PDFArray;
  /** Parent-tree key → the page's array of elements by MCID, or an annotation's element. */
  private readonly parentTree = new Map<number, PDFObject>();
  private nextKey = 0;
  private wrapping: { open: PDFRef; close: PDFRef } | null = null;

  constructor(private readonly out: PDFDocument) {
    const { context } = out;
    this.rootRef = context.nextRef();
    this.documentKids = context.obj([]);
    this.documentRef = context.register(
      context.obj({ Type: 'StructElem', S: 'Document', P: this.rootRef, K: this.documentKids }),
    );
  }

  /**
   * Copies every page of a tagged document pdfkit wrote, with its structure:
   * the pages (not yet placed: the caller adds them where they go) and the
   * top-level elements under its Document element, not yet placed either.
   */
  adopt(source: PDFDocument): { pages: PDFPage[]; elements: PDFRef[] } {
    const copier = PDFObjectCopier.for(source.context, this.out.context);
    const root = source.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    const sourceTree = root ? numberTree(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict)) : new Map();
    const pages = source.getPages().map((page) => {
      const ref = copier.copy(page.ref) as PDFRef;
      const copy = PDFPage.of(this.out.context.lookup(ref) as PDFPageLeaf, ref, this.out);
      this.renumber(copy.node, sourceTree, copier);
      for (const annotation of annotationsOf(copy)) this.renumber(annotation, sourceTree, copier, STRUCT_PARENT);
      return copy;
    });
    const top = root ? kidsOf(root).flatMap((document) => kidsOf(document.dict)) : [];
    const elements = top.flatMap((element) => {
      const ref = element.ref;
      if (!ref) return [];
      // Cut from the source's Document element, so copying does not take it (and its whole tree) along.
      element.dict.delete(P);
      return [copier.copy(ref) as PDFRef];
    });
    return { pages, elements };
  }

  /** Adds `element` as the last child of `parent` (the Document element when none). */
  append(element: PDFRef, parent: PDFRef | null = null): void {
    const parentRef = parent ?? this.documentRef;
    const parentDict = parent ? this.out.context.lookup(parent, PDFDict) : null;
    this.out.context.lookup(element, PDFDict).set(P, parentRef);
    if (!parentDict) {
      this.documentKids.push(element);
      return;
    }
    const kids = parentDict.get(K);
    if (kids instanceof PDFArray) kids.push(element);
    else if (kids === undefined) parentDict.set(K, this.out.context.obj([element]));
    else parentDict.set(K, this.out.context.obj([kids, element]));
  }

  /** The element titled `title` among the descendants of `element` (a place the writer marked). */
  find(element: PDFRef, title: string): PDFRef | null {
    const dict = this.out.context.lookup(element, PDFDict);
    const own = dict.lookupMaybe(T, PDFString, PDFHexString);
    if (own && own.decodeText() === title) return element;
    for (const kid of kidsOf(dict)) {
      const found = kid.ref ? this.find(kid.ref, title) : null;
      if (found) return found;
    }
    return null;
  }

  /** Draws `operators` on `page` as a Figure child of `parent`, described by `alt`. */
  figure(page: PDFPage, parent: PDFRef, alt: string, bbox: number[], operators: PDFOperator[]): void {
    const mcid = this.nextMcid(page);
    const { context } = this.out;
    const figure = context.register(
      context.obj({
        Type: 'StructElem',
        S: 'Figure',
        Pg: page.ref,
        K: mcid,
        Alt: PDFHexString.fromText(alt),
        A: { O: 'Layout', Placement: 'Block', BBox: bbox },
      }),
    );
    this.own(page, mcid, figure);
    this.append(figure, parent);
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Figure'), `<</MCID ${mcid}>>`]),
      ...operators,
      PDFOperator.of(PDFOperatorNames.EndMarkedContent),
    );
  }

  /**
   * An attached page's own tags cannot be carried over (its file's structure
   * tree is not copied): its parent-tree keys go, and when its content has no
   * marked-content ids at all, the whole of it becomes one sequence of a Div
   * child of `parent`, so its text is read rather than skipped. Returns
   * whether the page's content was tagged.
   */
  adoptUntagged(page: PDFPage, parent: PDFRef): boolean {
    page.node.delete(STRUCT_PARENTS);
    for (const annotation of annotationsOf(page)) annotation.delete(STRUCT_PARENT);
    const streams = contentStreams(page);
    if (streams === null) return false;
    const { context } = this.out;
    const div = context.register(context.obj({ Type: 'StructElem', S: 'Div', Pg: page.ref, K: 0 }));
    this.own(page, 0, div);
    this.append(div, parent);
    // The same two small streams open and close the sequence on every such page (uncompressed: a few bytes).
    this.wrapping ??= {
      open: context.register(
        PDFContentStream.of(
          context.obj({}),
          [PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Div'), '<</MCID 0>>'])],
          false,
        ),
      ),
      close: context.register(
        PDFContentStream.of(context.obj({}), [PDFOperator.of(PDFOperatorNames.EndMarkedContent)], false),
      ),
    };
    page.node.set(PDFName.of('Contents'), context.obj([this.wrapping.open, ...streams, this.wrapping.close]));
    return true;
  }

  /** Writes the root, the parent tree and the marks of a tagged document into the catalog; call once, last. */
  finish(): void {
    const { context, catalog } = this.out;
    const nums: PDFObject[] = [];
    for (const key of [...this.parentTree.keys()].sort((a, b) => a - b)) {
      nums.push(PDFNumber.of(key), this.parentTree.get(key)!);
    }
    context.assign(
      this.rootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: this.documentRef,
        ParentTree: context.obj({ Nums: nums }),
        ParentTreeNextKey: this.nextKey,
      }),
    );
    catalog.set(PDFName.of('StructTreeRoot'), this.rootRef);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    // Annotations are visited in the order of the structure (PDF/UA 7.18.3).
    for (const page of this.out.getPages()) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  }

  private renumber(
    dict: PDFDict,
    sourceTree: Map<number, PDFObject>,
    copier: PDFObjectCopier,
    name: PDFName = STRUCT_PARENTS,
  ): void {
    const key = dict.lookupMaybe(name, PDFNumber)?.asNumber();
    if (key === undefined) return;
    const value = sourceTree.get(key);
    const newKey = this.nextKey++;
    dict.set(name, PDFNumber.of(newKey));
    this.parentTree.set(newKey, value === undefined ? this.out.context.obj([]) : copier.copy(value));
  }

  /** The page's parent-tree array (made when the page has none). */
  private pageArray(page: PDFPage): PDFArray {
    const key = page.node.lookupMaybe(STRUCT_PARENTS, PDFNumber)?.asNumber();
    if (key !== undefined) {
      const value = this.parentTree.get(key);
      const array = value instanceof PDFArray ? value : this.out.context.lookupMaybe(value, PDFArray);
      if (array) return array;
    }
    const newKey = this.nextKey++;
    const array = this.out.context.obj([]);
    this.parentTree.set(newKey, array);
    page.node.set(STRUCT_PARENTS, PDFNumber.of(newKey));
    return array;
  }

  private nextMcid(page: PDFPage): number {
    return this.pageArray(page).size();
  }

  private own(page: PDFPage, mcid: number, element: PDFRef): void {
    const array = this.pageArray(page);
    while (array.size() < mcid) array.push(PDFNumber.of(0));
    if (array.size() === mcid) array.push(element);
    else array.set(mcid, element);
  }
}

/** A number tree's entries (ISO 32000-1 §7.9.7), its kids' included. */
function numberTree(node: PDFDict | undefined, into = new Map<number, PDFObject>()): Map<number, PDFObject> {
  if (!node) return into;
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
  if (nums) {
    for (let index = 0; index + 1 < nums.size(); index += 2) {
      const key = nums.lookupMaybe(index, PDFNumber)?.asNumber();
      if (key !== undefined) into.set(key, nums.get(index + 1));
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let index = 0; kids && index < kids.size(); index++) numberTree(kids.lookupMaybe(index, PDFDict), into);
  return into;
}

/** An element's children that are elements, with their references. */
function kidsOf(element: PDFDict): { dict: PDFDict; ref: PDFRef | null }[] {
  const kids = element.get(K);
  const items = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
  return items.flatMap((item) => {
    if (!(item instanceof PDFDict) && !(item instanceof PDFRef)) return [];
    const found = item instanceof PDFRef ? element.context.lookup(item) : item;
    const dict = found instanceof PDFDict ? found : null;
    if (!dict || (dict.get(PDFName.of('Type')) ?? PDFName.of('StructElem')) !== PDFName.of('StructElem')) return [];
    return [{ dict, ref: item instanceof PDFDict ? null : (item as PDFRef) }];
  });
}

function annotationsOf(page: PDFPage): PDFDict[] {
  const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!annotations) return [];
  return annotations.asArray().flatMap((item) => {
    const dict = page.doc.context.lookupMaybe(item, PDFDict);
    return dict ? [dict] : [];
  });
}

/** The page's content streams, or null when any is unreadable or already has marked-content ids. */
function contentStreams(page: PDFPage): PDFRef[] | null {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = (contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []) as PDFRef[];
  if (refs.length === 0) return null;
  for (const ref of refs) {
    const stream = page.doc.context.lookup(ref);
    let bytes: Uint8Array;
    try {
      if (stream instanceof PDFRawStream) bytes = decodePDFRawStream(stream).decode();
      else if (stream instanceof PDFContentStream) bytes = stream.getUnencodedContents();
      else return null;
    } catch {
      return null;
    }
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('/MCID')) return null;
  }
  return refs;
}
