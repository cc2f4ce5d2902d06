import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectUpload } from './inspectUpload.ts';
import { makeCsv, makePdf } from './testing/allowedFiles.ts';
import * as hostile from './testing/hostileFiles.ts';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jointly-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inspect(file: { bytes: Uint8Array }) {
  const path = join(dir, `upload-${++count}`);
  await writeFile(path, file.bytes);
  return inspectUpload(path);
}

describe('RELIABILITY §H 52: the type comes from the bytes, whatever the name and Content-Type say', () => {
  it.each([
    ['HTML named .pdf', hostile.htmlNamedPdf, /web page/],
    ['a Windows program named .pdf', hostile.exeNamedPdf, /Windows program/],
    ['a Linux program named .pdf', hostile.elfNamedPdf, /Linux program/],
    ['a ZIP that is no Office document', hostile.plainZip, /ZIP archive/],
  ])('%s → 415, naming the kinds allowed', async (_, make, what) => {
    const result = await inspect(await make());
    expect(result).toMatchObject({ ok: false, status: 415 });
    if (!result.ok) {
      expect(result.reason).toMatch(what);
      expect(result.reason).toContain('PDF, PNG image, JPEG image, Word document, Excel workbook');
    }
  });

  it('PNG bytes named .pdf are a PNG, never a PDF', async () => {
    // Inspection answers what the bytes are; whether a name that disagrees refuses the upload is the upload's decision.
    const result = await inspect(await hostile.pngNamedPdf());
    expect(result).toMatchObject({ ok: true, kind: 'png', mime: 'image/png' });
  });

  it('GIF, WebP and HEIC images → 415', async () => {
    for (const file of await hostile.otherImages()) {
      expect(await inspect(file)).toMatchObject({ ok: false, status: 415 });
    }
  });
});

describe('RELIABILITY §H 53: SVG is refused, with or without script', () => {
  it.each([
    ['with script, onload and an external reference', hostile.svgWithScript],
    ['plain', hostile.plainSvg],
  ])('SVG %s → 415', async (_, make) => {
    expect(await inspect(make())).toMatchObject({ ok: false, status: 415, reason: expect.stringMatching(/SVG/) });
  });

  it('XML with a prolog, and HTML after a byte-order mark and blank lines → 415', async () => {
    expect(await inspect({ bytes: Buffer.from('<?xml version="1.0"?><svg/>') })).toMatchObject({ status: 415 });
    expect(await inspect({ bytes: Buffer.from('\uFEFF\r\n  <html><script>alert(1)</script>') })).toMatchObject({
      status: 415,
    });
  });
});

describe('polyglots: one allowed kind that is also another format', () => {
  it('a PDF with an HTML page in its first KiB → 422', async () => {
    const result = await inspect(await hostile.pdfHtmlPolyglot());
    expect(result).toMatchObject({ ok: false, status: 422, reason: expect.stringMatching(/HTML/) });
  });

  it('a PDF with a ZIP archive appended → 422', async () => {
    const result = await inspect(await hostile.pdfZipPolyglot());
    expect(result).toMatchObject({ ok: false, status: 422, reason: expect.stringMatching(/ZIP/) });
  });
});

describe('RELIABILITY §H 56: zip bombs and huge-pixel images', () => {
  it('a DOCX declaring 300 MiB uncompressed → 422, by the declared size', async () => {
    const result = await inspect(hostile.zipBombDocx(300));
    expect(result).toMatchObject({ ok: false, status: 422, reason: expect.stringMatching(/zip bomb/) });
  });

  it('a DOCX with a 20 MiB part compressed a thousand times → 422, by its ratio', async () => {
    expect(await inspect(hostile.zipBombDocx(20))).toMatchObject({
      status: 422,
      reason: expect.stringMatching(/zip bomb/),
    });
  });

  it('a DOCX whose [Content_Types].xml declares 400 bytes but inflates to 64 MiB → 422, by counting while inflating', async () => {
    expect(await inspect(hostile.lyingZipBombDocx(64))).toMatchObject({
      status: 422,
      reason: expect.stringMatching(/zip bomb/),
    });
  });

  it('a PNG declaring 100,000 × 100,000 pixels → 422, from its header', async () => {
    const result = await inspect(hostile.hugePixelPng());
    expect(result).toMatchObject({ ok: false, status: 422, reason: expect.stringMatching(/100,000 × 100,000 pixels/) });
  });
});

describe('allowed kinds refused for what they hold', () => {
  it('a DOCX with macros → 422', async () => {
    expect(await inspect(await hostile.docxWithMacros())).toMatchObject({
      status: 422,
      reason: expect.stringMatching(/macros/),
    });
  });

  it('a truncated PNG, a broken PDF and an empty file → 422', async () => {
    expect(await inspect(await hostile.truncatedPng())).toMatchObject({ status: 422 });
    expect(await inspect(hostile.brokenPdf())).toMatchObject({ status: 422 });
    expect(await inspect({ bytes: Buffer.alloc(0) })).toMatchObject({ status: 422, reason: 'The file is empty.' });
  });

  it('a CSV with an unclosed quote → 422 naming the problem', async () => {
    expect(await inspect({ bytes: Buffer.from('a,b\n"unclosed,1\n') })).toMatchObject({
      status: 422,
      reason: expect.stringMatching(/cannot be read as a CSV table/),
    });
  });

  it('EICAR passes inspection as a CSV: only the virus scanner refuses it (clamdScanner.test.ts)', async () => {
    expect(await inspect(hostile.eicarCsv())).toEqual({ ok: true, kind: 'csv', mime: 'text/csv' });
  });
});

describe('off the event loop, with a time limit', () => {
  it('past the time limit the check is stopped and the file refused (422)', async () => {
    const path = join(dir, 'slow.pdf');
    await writeFile(path, await makePdf({ pages: 50 }));
    const started = Date.now();
    const result = await inspectUpload(path, { timeoutMs: 5 });
    expect(result).toMatchObject({ ok: false, status: 422, reason: expect.stringMatching(/too long/) });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The next inspection gets a fresh checker.
    expect(await inspectUpload(path)).toMatchObject({ ok: true, pages: 50 });
  });

  it('inspecting a 20 MiB CSV leaves the event loop free', async () => {
    const row = ['2026-01-01', 'Referrals from the community team', '12345', '"quoted, with comma"'];
    const rows = Array.from({ length: 300_000 }, () => row);
    const path = join(dir, 'big.csv');
    await writeFile(path, makeCsv(rows));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const result = await inspectUpload(path);
    delay.disable();
    expect(result).toMatchObject({ ok: true, kind: 'csv' });
    // Parsing takes the child a second or more; the server's loop never waits on it.
    expect(delay.max / 1e6).toBeLessThan(100);
  });
});
