import { degrees, type PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { pageOf } from '../writing/exportText.ts';
import { pdfText } from '../writing/pdfWriter.ts';

/**
 * Every page of the compiled document stamped as one bundle: the footer the
 * other exports have (the entry, its version, the partners) and "Page 7 of
 * 42" at the foot, and "Exhibit E3" at the top right of each exhibit's pages,
 * attached ones included. Attached pages come in any size and orientation
 * (`/Rotate`), so positions are worked out on the page as it is displayed;
 * a light panel keeps the stamp legible over whatever the page has there.
 */

const SIZE = 8.5;
const EDGE = 24;
const SIDE = 56;
const MUTED = rgb(0x4c / 255, 0x62 / 255, 0x72 / 255);
const TEXT = rgb(0x21 / 255, 0x2b / 255, 0x32 / 255);

type Placement = { x: number; y: number; rotate: number };

/** Where a point (vx, vy) of the page as displayed is in the page's own coordinates, and the text's rotation. */
function placer(page: PDFPage): { width: number; height: number; at(vx: number, vy: number): Placement } {
  const box = page.getCropBox();
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width, box.y + box.height];
  switch (rotation) {
    case 90:
      return { width: box.height, height: box.width, at: (vx, vy) => ({ x: x1 - vy, y: y0 + vx, rotate: 90 }) };
    case 180:
      return { width: box.width, height: box.height, at: (vx, vy) => ({ x: x1 - vx, y: y1 - vy, rotate: 180 }) };
    case 270:
      return { width: box.height, height: box.width, at: (vx, vy) => ({ x: x0 + vy, y: y1 - vx, rotate: 270 }) };
    default:
      return { width: box.width, height: box.height, at: (vx, vy) => ({ x: x0 + vx, y: y0 + vy, rotate: 0 }) };
  }
}

/** `text` cut with an ellipsis to fit `width` points. */
function fit(font: PDFFont, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, SIZE) <= width) return text;
  let cut = text;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}…`, SIZE) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function label(page: PDFPage, font: PDFFont, text: string, vx: number, vy: number, colour = MUTED): void {
  const { at } = placer(page);
  const width = font.widthOfTextAtSize(text, SIZE);
  const panel = at(vx - 3, vy - 3);
  page.drawRectangle({
    x: panel.x,
    y: panel.y,
    width: width + 6,
    height: SIZE + 5,
    rotate: degrees(panel.rotate),
    color: rgb(1, 1, 1),
    opacity: 0.85,
  });
  const place = at(vx, vy);
  page.drawText(text, { x: place.x, y: place.y, size: SIZE, font, color: colour, rotate: degrees(place.rotate) });
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
  const regular = await out.embedFont(StandardFonts.Helvetica);
  const bold = await out.embedFont(StandardFonts.HelveticaBold);
  const pages = out.getPages();
  const footerText = pdfText(footer);
  for (const [index, page] of pages.entries()) {
    // Drawing on a page costs about a millisecond or two: let the event loop turn every few pages.
    if (index % 10 === 9) await new Promise<void>((resolve) => setImmediate(resolve));
    const { width, height } = placer(page);
    const number = pageOf(index + 1, pages.length);
    const numberWidth = regular.widthOfTextAtSize(number, SIZE);
    label(page, regular, number, width - SIDE - numberWidth, EDGE);
    const room = width - 2 * SIDE - numberWidth - 12;
    if (room > 40) label(page, regular, fit(regular, footerText, room), SIDE, EDGE);
    const exhibit = exhibitOf(index);
    if (exhibit !== null) {
      const stamp = pdfText(`Exhibit ${exhibit}`);
      label(page, bold, stamp, width - SIDE - bold.widthOfTextAtSize(stamp, SIZE), height - EDGE - SIZE, TEXT);
    }
  }
}
