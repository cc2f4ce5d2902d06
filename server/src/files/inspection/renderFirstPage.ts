import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FileKind } from '@jointly/shared';
import sharp from 'sharp';
import { INSPECTION_LIMITS } from './inspectionLimits.ts';

sharp.cache(false);
sharp.concurrency(1);

/**
 * A PNG of at most `maxSide` pixels on its longer side: an image scaled down
 * (sharp, turned upright by its EXIF orientation), or a PDF's first page
 * drawn by pdf.js on @napi-rs/canvas (both from npm; no system packages),
 * on white. Runs in the inspection child process (thumbnail.ts); throws
 * when the file cannot be drawn.
 */
export async function renderFirstPage(path: string, kind: FileKind, maxSide: number): Promise<Uint8Array | null> {
  if (kind === 'png' || kind === 'jpeg') {
    return sharp(path, { limitInputPixels: INSPECTION_LIMITS.imagePixels })
      .rotate()
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
  }
  if (kind === 'pdf') return renderPdfPage(path, maxSide);
  return null;
}

type NodeCanvas = { toBuffer(mime: 'image/png'): Buffer };

async function renderPdfPage(path: string, maxSide: number): Promise<Uint8Array> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const pdf = await getDocument({
    data: new Uint8Array(await readFile(path)),
    // The fonts PDFs may use without embedding (pdfkit's Helvetica, for one) ship with pdf.js.
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    isEvalSupported: false,
    enableXfa: false,
    verbosity: 0,
  }).promise;
  try {
    const page = await pdf.getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: maxSide / Math.max(unscaled.width, unscaled.height) });
    // In Node, pdf.js's canvas factory makes @napi-rs/canvas canvases (typed as the DOM's in pdf.js).
    const factory = pdf.canvasFactory as { create(width: number, height: number): { canvas: NodeCanvas } };
    const { canvas } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    type RenderCanvas = Parameters<typeof page.render>[0]['canvas'];
    await page.render({ canvas: canvas as unknown as RenderCanvas, viewport, background: 'white' }).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await pdf.destroy();
  }
}
