import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import type { PDFDocument, PDFRef } from 'pdf-lib';
import sharp from 'sharp';

const deflateAsync = promisify(deflate);

/**
 * A PNG as a PDF image (an /Image XObject, its alpha as a soft mask), decoded
 * by sharp and compressed by zlib on libuv's threads. pdf-lib's own embedPng
 * decodes in JavaScript and compresses every image in one synchronous step
 * of `save`: a few large charts held the event loop for over a second in the
 * 150-page compile (compileLarge.test.ts).
 */
export async function embedPng(
  out: PDFDocument,
  bytes: Uint8Array,
): Promise<{ ref: PDFRef; width: number; height: number }> {
  const input = () => sharp(bytes, { failOn: 'error' }).toColourspace('srgb');
  const metadata = await sharp(bytes).metadata();
  const colour = await input().removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const { width, height, channels } = colour.info;
  if (channels !== 3) throw new Error(`unexpected ${channels} colour channels`);
  let softMask: PDFRef | undefined;
  if (metadata.hasAlpha) {
    const alpha = await input().ensureAlpha().extractChannel(3).raw({ depth: 'uchar' }).toBuffer();
    softMask = out.context.register(
      out.context.stream(await deflateAsync(alpha), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
      }),
    );
  }
  const stream = out.context.stream(await deflateAsync(colour.data), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
    ...(softMask ? { SMask: softMask } : {}),
  });
  return { ref: out.context.register(stream), width, height };
}
