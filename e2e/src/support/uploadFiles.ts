import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Small real files for scenario 18's uploads, made here with Node alone so
 * the e2e package needs no PDF or image library (the server's fixture makers
 * in server/src/files/inspection/testing use pdfkit and sharp). Each is a
 * file a person could attach: a PDF that pdf-lib and pdf.js read, with known
 * text on every page, and a valid PNG.
 */

export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** PDF string literal: backslash and parentheses escaped (the text is ASCII). */
const pdfString = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/**
 * An A4 PDF with one line of Helvetica text per page, `texts[i]` on page i + 1.
 * Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
 */
export function makePdf(name: string, texts: readonly string[]): FilePayload {
  const objects: string[] = [];
  const pageRefs = texts.map((_, i) => `${4 + i * 2} 0 R`);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageRefs.join(' ')}] /Count ${texts.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (const [i, text] of texts.entries()) {
    const content = `BT /F1 18 Tf 72 760 Td ${pdfString(text)} Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, CR LF.
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n\r\n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An opaque RGB PNG of `width` × `height`: horizontal bands of colour, so its thumbnail is not blank. */
export function makePng(name: string, width: number, height: number): FilePayload {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type RGB
  const bands = [
    [0, 94, 184],
    [0, 150, 57],
    [255, 184, 28],
  ] as const;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const colour = bands[Math.floor((y * bands.length) / height)]!;
    const row = Buffer.alloc(1 + width * 3); // filter byte 0 (none), then the pixels
    for (let x = 0; x < width; x++) row.set(colour, 1 + x * 3);
    rows.push(row);
  }
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { name, mimeType: 'image/png', buffer };
}

/** A web page saved with a .pdf name and type: what the server must refuse by its bytes. */
export function htmlNamedPdf(name: string): FilePayload {
  const html = '<!doctype html><html><body><h1>Not a PDF</h1><script>alert(1)</script></body></html>\n';
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(html, 'utf8') };
}
