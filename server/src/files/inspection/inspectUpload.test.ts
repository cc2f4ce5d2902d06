import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectUpload } from './inspectUpload.ts';
import { makeCsv, makeDocx, makeJpeg, makePdf, makePng, makePptx, makeXlsx } from './testing/allowedFiles.ts';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jointly-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the bytes under a meaningless name: inspection never sees the upload's name. */
async function saved(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `upload-${++count}`);
  await writeFile(path, bytes);
  return path;
}

describe('inspectUpload accepts every allowed kind, read from the bytes', () => {
  it('a PDF, with its page count', async () => {
    expect(await inspectUpload(await saved(await makePdf({ pages: 3 })))).toEqual({
      ok: true,
      kind: 'pdf',
      mime: 'application/pdf',
      pages: 3,
    });
  });

  it('PNG and JPEG images, with their size', async () => {
    expect(await inspectUpload(await saved(await makePng(640, 480)))).toEqual({
      ok: true,
      kind: 'png',
      mime: 'image/png',
      width: 640,
      height: 480,
    });
    expect(await inspectUpload(await saved(await makeJpeg(300, 200)))).toEqual({
      ok: true,
      kind: 'jpeg',
      mime: 'image/jpeg',
      width: 300,
      height: 200,
    });
  });

  it('Word, Excel and PowerPoint files (a presentation with its slide count)', async () => {
    expect(await inspectUpload(await saved(await makeDocx(['Referrals rose'])))).toEqual({
      ok: true,
      kind: 'docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(await inspectUpload(await saved(await makeXlsx()))).toEqual({
      ok: true,
      kind: 'xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(await inspectUpload(await saved(await makePptx(['One', 'Two', 'Three'])))).toEqual({
      ok: true,
      kind: 'pptx',
      mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      pages: 3,
    });
  });

  it('CSV tables in UTF-8 (with or without a byte-order mark) and Windows-1252', async () => {
    const csv = { ok: true, kind: 'csv', mime: 'text/csv' };
    expect(await inspectUpload(await saved(makeCsv()))).toEqual(csv);
    expect(await inspectUpload(await saved(Buffer.from('\uFEFFName,Café\r\nA,1\r\n')))).toEqual(csv);
    expect(await inspectUpload(await saved(Buffer.from('Name,Caf\xe9 \x80\r\nA,1\r\n', 'latin1')))).toEqual(csv);
  });
});
