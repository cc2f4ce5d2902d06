import sharp from 'sharp';
import type { InspectionLimits } from './inspectionLimits.ts';
import type { Inspection } from './inspectUpload.ts';
import { refused } from './refusal.ts';

// One image at a time per worker, no cache: a worker's memory is the file's, then it exits.
sharp.cache(false);
sharp.concurrency(1);

/**
 * A PNG or JPEG: its size is read from the header first (nothing decoded), and
 * an image over the pixel limit is refused before any decoding; then it is
 * decoded once, shrunk, to prove it is whole (a truncated or damaged image is
 * refused now rather than failing later in the evidence document).
 */
export async function checkImage(path: string, kind: 'png' | 'jpeg', limits: InspectionLimits): Promise<Inspection> {
  const label = kind === 'png' ? 'PNG image' : 'JPEG image';
  let width: number | undefined;
  let height: number | undefined;
  try {
    const metadata = await sharp(path, { limitInputPixels: false }).metadata();
    if (metadata.format !== kind) return refused(`The file starts like a ${label} but is not one.`);
    width = metadata.width;
    height = metadata.height;
  } catch {
    return refused(`The file starts like a ${label} but its header cannot be read; it may be damaged.`);
  }
  if (!width || !height) return refused(`The ${label} does not say how large it is.`);
  if (width * height > limits.imagePixels) {
    const megapixels = Math.round(limits.imagePixels / 1_000_000);
    return refused(
      `The image is ${width.toLocaleString('en-GB')} × ${height.toLocaleString('en-GB')} pixels; images of up to ${megapixels} megapixels are accepted.`,
    );
  }
  try {
    await sharp(path, { limitInputPixels: limits.imagePixels, failOn: 'truncated' })
      .resize(64, 64, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch {
    return refused(`The ${label} is damaged or incomplete, so it cannot be shown.`);
  }
  const mime = kind === 'png' ? 'image/png' : 'image/jpeg';
  return { ok: true, kind, mime, width, height };
}
