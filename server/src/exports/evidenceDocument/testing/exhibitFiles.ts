import { Readable } from 'node:stream';
import type { FileKind } from '@jointly/shared';
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
