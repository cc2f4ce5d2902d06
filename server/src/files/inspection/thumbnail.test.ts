import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx, makeJpeg, makePdf, makePng } from './testing/allowedFiles.ts';
import { brokenPdf } from './testing/hostileFiles.ts';
import { renderThumbnail } from './thumbnail.ts';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jointly-thumbnail-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `file-${++count}`);
  await writeFile(path, bytes);
  return path;
}

async function pixels(png: Uint8Array) {
  const image = sharp(png);
  const { width, height, format } = await image.metadata();
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const offset = (y * info.width + x) * info.channels;
    return [data[offset], data[offset + 1], data[offset + 2]];
  };
  return { width, height, format, at, data };
}

describe('renderThumbnail', () => {
  it('scales a large PNG to 320 px on its longer side, keeping its proportions and colours', async () => {
    const png = await renderThumbnail(await saved(await makePng(1600, 1200)), 'png');
    const image = await pixels(png!);
    expect(image).toMatchObject({ format: 'png', width: 320, height: 240 });
    // The fixture is blue with an orange top-left quarter.
    expect(image.at(40, 30)).toEqual([255, 184, 28]);
    expect(image.at(280, 200)).toEqual([0, 94, 184]);
  });

  it('scales a tall JPEG by its height, and never enlarges a small image', async () => {
    expect(await pixels((await renderThumbnail(await saved(await makeJpeg(600, 1200)), 'jpeg'))!)).toMatchObject({
      width: 160,
      height: 320,
    });
    expect(await pixels((await renderThumbnail(await saved(await makePng(64, 48)), 'png'))!)).toMatchObject({
      width: 64,
      height: 48,
    });
  });

  it('draws the first page of a PDF (A4 portrait: 227 × 320), with its text in dark ink on white', async () => {
    const png = await renderThumbnail(await saved(await makePdf({ pages: 2, text: 'Thumbnail' })), 'pdf');
    const image = await pixels(png!);
    expect(image).toMatchObject({ format: 'png', width: 227, height: 320 });
    expect(image.at(5, 300)).toEqual([255, 255, 255]);
    // pdfkit wrote the line at 72 pt from the top-left: some pixels of that band are ink.
    let dark = 0;
    for (let y = 25; y < 45; y++) for (let x = 25; x < 200; x++) if ((image.at(x, y)[0] ?? 255) < 128) dark++;
    expect(dark).toBeGreaterThan(50);
  });

  it('is null for other kinds, for files that cannot be drawn, and past its time limit', async () => {
    expect(await renderThumbnail(await saved(await makeDocx()), 'docx')).toBeNull();
    expect(await renderThumbnail(await saved(brokenPdf().bytes), 'pdf')).toBeNull();
    expect(await renderThumbnail(await saved(await makePdf({ pages: 40 })), 'pdf', { timeoutMs: 5 })).toBeNull();
  });
});
