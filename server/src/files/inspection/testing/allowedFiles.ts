import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import PptxGenJS from 'pptxgenjs';
import sharp from 'sharp';

/**
 * Real files of every allowed kind, made by the libraries people's own tools
 * resemble, for the tests of uploads, thumbnails and the evidence document
 * (issue 13). Each carries text the tests can look for afterwards.
 */

/** A PDF of `pages` pages; page n (1-based) reads `${text} page n of N`. */
export function makePdf(options: { pages?: number; text?: string } = {}): Promise<Buffer> {
  const pages = options.pages ?? 1;
  const text = options.text ?? 'Fixture PDF';
  const doc = new PDFDocument({ autoFirstPage: false, size: 'A4', info: { Title: text } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (let page = 1; page <= pages; page++) {
    doc.addPage();
    doc.fontSize(18).text(`${text} page ${page} of ${pages}`, 72, 72);
  }
  doc.end();
  return done;
}

/** A Word document with one paragraph per string. */
export function makeDocx(paragraphs: string[] = ['Fixture Word document']): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }],
  });
  return Packer.toBuffer(document);
}

/** An Excel workbook with one sheet holding `rows`. */
export async function makeXlsx(
  rows: (string | number)[][] = [
    ['Month', 'Referrals'],
    ['January', 12],
  ],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Data');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A PowerPoint presentation with one slide per string. */
export async function makePptx(slides: string[] = ['Fixture slide']): Promise<Buffer> {
  const pptx = new PptxGenJS();
  for (const text of slides) pptx.addSlide().addText(text, { x: 0.5, y: 0.5, w: 8, h: 1, fontSize: 24 });
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

function gradient(width: number, height: number) {
  // A plain colour would compress to almost nothing; a small pattern keeps the image ordinary.
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 94, b: 184 } } }).composite([
    {
      input: Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="0" y="0" width="${Math.ceil(width / 2)}" height="${Math.ceil(height / 2)}" fill="#ffb81c"/></svg>`,
      ),
    },
  ]);
}

/** A PNG of the given size (blue with an orange top-left quarter). */
export function makePng(width = 64, height = 48): Promise<Buffer> {
  return gradient(width, height).png().toBuffer();
}

/** A JPEG of the given size (blue with an orange top-left quarter). */
export function makeJpeg(width = 64, height = 48): Promise<Buffer> {
  return gradient(width, height).jpeg({ quality: 80 }).toBuffer();
}

/** A CSV table (fields quoted when they need it, CRLF line ends as spreadsheets write them). */
export function makeCsv(
  rows: string[][] = [
    ['Month', 'Referrals'],
    ['January', '12'],
    ['February, leap', '"15"'],
  ],
): Buffer {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return Buffer.from(`${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`, 'utf8');
}
