import { crc32, deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import sharp from 'sharp';
import { makeDocx, makePdf, makePng } from './allowedFiles.ts';
import { deflatedZeros, writeZip } from './writeZip.ts';

/**
 * Files an upload must refuse (RELIABILITY §H 52, 53, 56, 57), each with the
 * name and Content-Type a hostile client would send to pass as a harmless
 * file, and the status inspection answers (415: not an allowed type; 422:
 * an allowed type, refused; null: inspection accepts it as what its bytes
 * are, as with PNG bytes named .pdf, and the upload decides what a name
 * that disagrees means). EICAR is a harmless anti-virus test string:
 * it inspects as a CSV, and only a virus scanner refuses it.
 */
export type HostileFile = { name: string; claimedType: string; bytes: Buffer; status: 415 | 422 | null };

/** The EICAR anti-virus test file (68 bytes), which every scanner reports. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'ascii');

const pdfNamed = (bytes: Buffer, status: 415 | 422): HostileFile => ({
  name: 'evidence.pdf',
  claimedType: 'application/pdf',
  bytes,
  status,
});

/** Inspection says PNG (an allowed kind): stored, if at all, as the PNG it is, never as a PDF. */
export async function pngNamedPdf(): Promise<HostileFile> {
  return { name: 'evidence.pdf', claimedType: 'application/pdf', bytes: await makePng(), status: null };
}

export function htmlNamedPdf(): HostileFile {
  return pdfNamed(
    Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n'),
    415,
  );
}

/** A Windows executable's header (MZ, then a PE signature where e_lfanew points). */
export function exeNamedPdf(): HostileFile {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'ascii');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'ascii');
  bytes.writeUInt16LE(0x14c, 0x84); // i386
  return pdfNamed(bytes, 415);
}

/** A Linux executable's header (64-bit little-endian ELF). */
export function elfNamedPdf(): HostileFile {
  const bytes = Buffer.alloc(512);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(bytes, 0);
  bytes.writeUInt16LE(2, 16); // executable
  bytes.writeUInt16LE(0x3e, 18); // x86-64
  return pdfNamed(bytes, 415);
}

/** SVG with a script element, an onload handler and an external reference. */
export function svgWithScript(): HostileFile {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" onload="alert(1)">
<script>alert(document.domain)</script>
<image xlink:href="https://attacker.example/track.png" width="10" height="10"/>
</svg>
`;
  return { name: 'chart.png', claimedType: 'image/png', bytes: Buffer.from(svg), status: 415 };
}

/** The same SVG without an XML prolog or script: still SVG, still refused. */
export function plainSvg(): HostileFile {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
  return { name: 'chart.svg', claimedType: 'image/svg+xml', bytes: Buffer.from(svg), status: 415 };
}

/** A PDF whose first line after the header is an HTML page in a comment (valid as both). */
export async function pdfHtmlPolyglot(): Promise<HostileFile> {
  const pdf = await makePdf({ text: 'Polyglot' });
  const headerEnd = pdf.indexOf(0x0a) + 1;
  const html = Buffer.from('%<html><body><script>alert(document.cookie)</script></body></html>\n');
  return pdfNamed(Buffer.concat([pdf.subarray(0, headerEnd), html, pdf.subarray(headerEnd)]), 422);
}

/** A PDF with a ZIP archive appended (a JAR/GIFAR-style polyglot: ZIP readers start from the end). */
export async function pdfZipPolyglot(): Promise<HostileFile> {
  const pdf = await makePdf({ text: 'Polyglot' });
  const zip = writeZip([{ name: 'payload.class', data: Buffer.from('not really a class') }]);
  return pdfNamed(Buffer.concat([pdf, zip]), 422);
}

/** The minimal parts of a Word document, for hand-made variants. */
function docxParts(
  documentXml = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bomb</w:t></w:r></w:p></w:body></w:document>',
) {
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  return [
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes) },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'word/document.xml', data: Buffer.from(documentXml) },
  ];
}

/**
 * A DOCX with a highly compressible part: `mebibytes` MiB of zeros in about
 * 1/1000 of that. Declared honestly, it is refused by its declared size
 * (default 300 MiB) or, when smaller, by its compression ratio.
 */
export function zipBombDocx(mebibytes = 300): HostileFile {
  const bomb = deflatedZeros(mebibytes);
  return {
    name: 'evidence.docx',
    claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: writeZip([
      ...docxParts(),
      { name: 'word/media/image1.bin', data: bomb.data, raw: true, size: bomb.size, crc: bomb.crc },
    ]),
    status: 422,
  };
}

/**
 * A DOCX whose `[Content_Types].xml` declares 400 bytes but inflates to
 * `mebibytes` MiB: only counting bytes while inflating catches it.
 */
export function lyingZipBombDocx(mebibytes = 64): HostileFile {
  const [contentTypes, ...rest] = docxParts();
  const bomb = deflatedZeros(mebibytes);
  return {
    name: 'evidence.docx',
    claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: writeZip([{ name: contentTypes!.name, data: bomb.data, raw: true, size: 400, crc: bomb.crc }, ...rest]),
    status: 422,
  };
}

/** A real DOCX with a VBA macro project added (as a .docm would carry). */
export async function docxWithMacros(): Promise<HostileFile> {
  const zip = await JSZip.loadAsync(await makeDocx(['Macro carrier']));
  zip.file('word/vbaProject.bin', Buffer.from('ATTRIBUT\0not a real VBA project'));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return {
    name: 'evidence.docx',
    claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes,
    status: 422,
  };
}

/** A ZIP that is not an Office document. */
export function plainZip(): HostileFile {
  return {
    name: 'evidence.docx',
    claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: writeZip([{ name: 'readme.txt', data: Buffer.from('hello') }]),
    status: 415,
  };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A small, well-formed PNG header declaring 100,000 × 100,000 pixels (ten gigapixels). */
export function hugePixelPng(width = 100_000, height = 100_000): HostileFile {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 4)); // the first rows only
  const bytes = Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { name: 'photo.png', claimedType: 'image/png', bytes, status: 422 };
}

/** A PNG cut off half way through its image data. */
export async function truncatedPng(): Promise<HostileFile> {
  const png = await makePng(400, 300);
  return {
    name: 'photo.png',
    claimedType: 'image/png',
    bytes: png.subarray(0, Math.floor(png.length / 2)),
    status: 422,
  };
}

/** A PDF header followed by nothing a PDF reader can parse. */
export function brokenPdf(): HostileFile {
  return pdfNamed(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\nthis is not a PDF body\n%%EOF\n', 'latin1'), 422);
}

/** Allowed elsewhere, not here: GIF, WebP and HEIC images. */
export async function otherImages(): Promise<HostileFile[]> {
  const image = sharp({ create: { width: 8, height: 8, channels: 3, background: '#005eb8' } });
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
  return [
    { name: 'photo.gif', claimedType: 'image/gif', bytes: await image.clone().gif().toBuffer(), status: 415 },
    { name: 'photo.webp', claimedType: 'image/webp', bytes: await image.clone().webp().toBuffer(), status: 415 },
    { name: 'photo.heic', claimedType: 'image/heic', bytes: Buffer.concat([heic, Buffer.alloc(64)]), status: 415 },
  ];
}

/** The EICAR test file, named as a CSV (it is plain text, so only the virus scanner refuses it). */
export function eicarCsv(): { name: string; claimedType: string; bytes: Buffer } {
  return { name: 'figures.csv', claimedType: 'text/csv', bytes: EICAR };
}
