import { Readable } from 'node:stream';
import type { FileKind } from '@jointly/shared';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import type { ExhibitFile } from '../compileEvidenceDocument.ts';

/**
 * Exhibit files for the compile tests: the bytes come from the upload
 * fixtures (files/inspection/testing/allowedFiles.ts), plus the one kind of
 * file those do not make, a password-protected PDF.
 */

/** An exhibit file over bytes held by the test. */
export function exhibitFile(name: string, kind: FileKind, bytes: Uint8Array, pages?: number): ExhibitFile {
  return {
    name,
    kind,
    ...(pages === undefined ? {} : { pages }),
    open: async () => Readable.from([Buffer.from(bytes)]),
  };
}

/** A one-page PDF that needs a password to open (pdfkit's AES encryption). */
export function makeLockedPdf(text: string, password: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', userPassword: password, pdfVersion: '1.7' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).text(text, 72, 200);
  doc.end();
  return done;
}

/** A PNG with an alpha channel (half-transparent blue), or a greyscale one: kinds the upload fixtures do not make. */
export function makeOtherPng(kind: 'alpha' | 'grey', width = 300, height = 200): Promise<Buffer> {
  const image =
    kind === 'alpha'
      ? sharp({ create: { width, height, channels: 4, background: { r: 0, g: 94, b: 184, alpha: 0.5 } } })
      : sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } } }).greyscale();
  return image.png().toBuffer();
}

/** A Word document with a paragraph of `text` and an image linked (not embedded) from `url`, as a hostile upload could. */
export async function makeDocxLinkingImage(text: string, url: string): Promise<Buffer> {
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`;
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    xml(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
  );
  zip.file(
    '_rels/.rels',
    xml(
      `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
  );
  zip.file(
    'word/_rels/document.xml.rels',
    xml(
      `<Relationships xmlns="${PKG}"><Relationship Id="rId5" Type="${REL}/image" Target="${url}" TargetMode="External"/></Relationships>`,
    ),
  );
  zip.file(
    'word/document.xml',
    xml(
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="${REL}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p><w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="1" name="Picture 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rId5"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p></w:body></w:document>`,
    ),
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
