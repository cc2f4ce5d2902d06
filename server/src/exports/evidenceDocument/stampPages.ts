import {
  beginMarkedContent,
  concatTransformationMatrix,
  decodePDFRawStream,
  drawObject,
  endMarkedContent,
  PDFArray,
  PDFContentStream,
  type PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  type PDFPage,
  PDFRawStream,
  type PDFRef,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { pageOf } from '../writing/exportText.ts';
import { fitOneLine, type Line } from '../writing/lineLayout.ts';
import { newDocument, pdfBytesOf } from '../writing/pdfWriter.ts';
import { writeLines } from '../writing/textFlow.ts';

/**
 * Every page of the compiled document stamped as one bundle: the footer the
 * other exports have (the entry, its version, the partners) and "Page 7 of
 * 42" at the foot, and "Exhibit E3" at the top right of each exhibit's pages,
 * attached ones included. Attached pages come in any size and orientation
 * (`/Rotate`), so positions are worked out on the page as it is displayed;
 * a light panel keeps the stamp legible over whatever the page has there.
 *
 * The stamps are written by pdfkit like every other text of the exports
 * (the same fonts, any script, right-to-left names), one overlay page per
 * page, and each overlay is drawn onto its page as a form XObject marked as
 * an artifact: readers and assistive technology skip it.
 */

const SIZE = 8.5;
const EDGE = 24;
const SIDE = 56;
const MUTED = '#4c6272';
const TEXT = '#212b32';

type Displayed = { width: number; height: number; x: number; y: number; rotate: number };

/** The page as displayed: its size, and where (and at what angle) its top-left-origin overlay goes. */
function displayed(page: PDFPage): Displayed {
  const box = page.getCropBox();
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width, box.y + box.height];
  switch (rotation) {
    case 90:
      return { width: box.height, height: box.width, x: x1, y: y0, rotate: 90 };
    case 180:
      return { width: box.width, height: box.height, x: x1, y: y1, rotate: 180 };
    case 270:
      return { width: box.height, height: box.width, x: x0, y: y1, rotate: 270 };
    default:
      return { width: box.width, height: box.height, x: x0, y: y0, rotate: 0 };
  }
}

/**
 * Stamps every page. `exhibitOf(index)` is the judge label of the exhibit a
 * page belongs to (0-based index), or null for the contents and withheld pages.
 */
export async function stampPages(
  out: PDFDocument,
  footer: string,
  exhibitOf: (index: number) => string | null,
): Promise<void> {
  const pages = out.getPages();
  if (pages.length === 0) return;
  const places = pages.map(displayed);
  const { doc } = newDocument({
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    tagged: false,
    autoFirstPage: false,
  });
  const done = pdfBytesOf(doc);
  // The footer is the same on every page of a width: laid out once per width.
  const footers = new Map<number, { line: Line }>();
  const footerFor = (room: number) => {
    const key = Math.round(room);
    let laid = footers.get(key);
    if (!laid) {
      laid = { line: fitOneLine({ doc, size: SIZE }, [{ text: footer }], room) };
      footers.set(key, laid);
    }
    return laid;
  };
  for (const [index, place] of places.entries()) {
    doc.addPage({ size: [place.width, place.height], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    const number = fitOneLine({ doc, size: SIZE }, [{ text: pageOf(index + 1, pages.length) }], place.width);
    const bottom = place.height - EDGE - SIZE * 1.15;
    stamp(doc, number, place.width - SIDE - number.width, bottom, MUTED);
    const room = place.width - 2 * SIDE - number.width - 12;
    if (room > 40) {
      const { line } = footerFor(room);
      stamp(doc, line, SIDE, bottom, MUTED);
    }
    const exhibit = exhibitOf(index);
    if (exhibit !== null) {
      const spans = [{ text: `Exhibit ${exhibit}`, bold: true }];
      const line = fitOneLine({ doc, size: SIZE }, spans, place.width / 2);
      stamp(doc, line, place.width - SIDE - line.width, EDGE - SIZE * 0.25, TEXT);
    }
    if (index % 20 === 19) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  doc.end();
  const overlay = await PDFDocument.load(await done);
  const copier = PDFObjectCopier.for(overlay.context, out.context);
  for (const [index, page] of pages.entries()) {
    const place = places[index]!;
    const form = formOf(out, overlay.getPage(index), copier, place);
    const name = page.node.newXObject('Stamp', form);
    const radians = (place.rotate * Math.PI) / 180;
    const [cos, sin] = [Math.round(Math.cos(radians)), Math.round(Math.sin(radians))];
    // The page's own content in q … Q (it may leave the graphics state changed), then the stamp, in a small
    // uncompressed stream of its own (pdf-lib would compress each, at about a millisecond a page).
    page.node.normalize();
    page.node.wrapContentStreams(
      out.context.getPushGraphicsStateContentStream(),
      out.context.getPopGraphicsStateContentStream(),
    );
    const operators = [
      beginMarkedContent('Artifact'),
      pushGraphicsState(),
      concatTransformationMatrix(cos, sin, -sin, cos, place.x, place.y),
      drawObject(name),
      popGraphicsState(),
      endMarkedContent(),
    ];
    page.node.addContentStream(out.context.register(PDFContentStream.of(out.context.obj({}), operators, false)));
    if (index % 20 === 19) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * An overlay page as a form XObject of `out`: its content stream as pdfkit
 * compressed it (not decoded and compressed again, as pdf-lib's embedPage
 * would, a few milliseconds a page), its resources copied by one copier for
 * all pages, so the font is copied once.
 */
function formOf(out: PDFDocument, source: PDFPage, copier: PDFObjectCopier, place: Displayed): PDFRef {
  const resources = copier.copy(source.node.get(PDFName.of('Resources')) ?? out.context.obj({}));
  const contents = source.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const streams = refs.map((ref) => source.doc.context.lookup(ref)).filter((s) => s instanceof PDFRawStream);
  const bbox = [0, 0, place.width, place.height];
  if (streams.length === 1) {
    const stream = streams[0] as PDFRawStream;
    const dict = out.context.obj({ Type: 'XObject', Subtype: 'Form', BBox: bbox }) as PDFDict;
    dict.set(PDFName.of('Resources'), resources);
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (filter) dict.set(PDFName.of('Filter'), copier.copy(filter));
    dict.set(PDFName.of('Length'), PDFNumber.of(stream.contents.length));
    return out.context.register(PDFRawStream.of(dict, stream.contents));
  }
  const decoded = streams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()));
  const form = out.context.flateStream(Buffer.concat(decoded), { Type: 'XObject', Subtype: 'Form', BBox: bbox });
  form.dict.set(PDFName.of('Resources'), resources);
  return out.context.register(form);
}

/** A line of stamp text at (x, top) on a light panel. */
function stamp(doc: PDFKit.PDFDocument, line: Line, x: number, top: number, colour: string) {
  const height = SIZE * 1.362;
  doc
    .save()
    .rect(x - 3, top - 1, line.width + 6, height + 2)
    .fillOpacity(0.85)
    .fill('#ffffff')
    .restore();
  doc.y = top;
  writeLines(doc, [line], [], {
    x,
    width: line.width + 1,
    size: SIZE,
    colour,
    target: null,
    noPageBreak: true,
  });
}
