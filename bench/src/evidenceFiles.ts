import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { addItem, EVIDENCE_MAP, emptyEvidence } from '@jointly/shared';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from 'pdf-lib';
import * as Y from 'yjs';
import type { ChildServer } from './childServer.ts';
import { JointlyApi, startJointlyServer } from './jointlyServer.ts';
import { summarize } from './latency.ts';
import type { BenchOptions } from './options.ts';
import { ProcSampler } from './procStats.ts';
import { median } from './report.ts';
import { createScaledEnvironment, type ScaledEnvironment } from './scaledServices.ts';
import { type Connection, destroy, newProvider, SYNC_TIMEOUT_MS, waitFor } from './syncClient.ts';
import { makeTempDir, removeTempDir } from './tempDirs.ts';

/**
 * Evidence files (issue 13): upload throughput over HTTP, and the time to build
 * the supporting-evidence document of an entry with 30 exhibits and 150
 * attached pages. One server process per run (embedded SQLite, or scaled
 * mode's PostgreSQL and Redis, where the blobs live in PostgreSQL); one lead
 * account; one entry per upload run and one for the evidence document, so no
 * run comes near the per-entry quota (200 MiB by default).
 */

/** The issue's size: 30 exhibits, each citing one 5-page PDF (150 attached pages). */
export const EVIDENCE_EXHIBITS = 30;
export const PAGES_PER_EXHIBIT = 5;

export type UploadRun = {
  /** Uploads in flight at once (1: one after another). */
  concurrency: number;
  files: number;
  /** Bytes of all the PDFs (the multipart framing is not counted). */
  bytes: number;
  wallMs: number;
  /** bytes / wall time, in MiB/s. */
  mibPerSecond: number;
  /** Per upload, from the request's start to the 201's last byte. */
  latencyMs: { p50: number; max: number };
};

export type EvidenceExport = {
  exhibits: number;
  attachedPages: number;
  /** Uploading the 30 small PDFs, one at a time (set-up, reported for completeness). */
  uploadMs: number;
  /** From the first item written to a second client seeing all of them (set-up). */
  writeMs: number;
  /** GET …/export/evidence.pdf, request to last byte, each run. */
  runsMs: number[];
  minMs: number;
  medianMs: number;
  pdfBytes: number;
  pdfPages: number;
  /** A contents page, one heading page per exhibit and every attached page: the least a complete document has. */
  expectedMinPages: number;
  /** The server process over the export runs. */
  serverRssPeakMiB: number;
  serverCpuPercent: number;
};

export type EvidenceFilesResult = {
  serverName: 'jointly' | 'jointly-scaled';
  uploads: UploadRun[];
  evidence: EvidenceExport;
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const MIB = 1024 * 1024;
const BOUNDARY = '----jointlyBenchBoundary4vQ7k2';

/**
 * A one-page PDF of about `bytes` bytes: a heading and an uncompressed image of random pixels, so
 * every file is a distinct blob and nothing in the path can compress it away.
 */
export async function makeLargePdf(index: number, bytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(`Bench upload ${index}`, { x: 72, y: 770, size: 18, font });
  const width = 1024;
  const height = Math.max(1, Math.ceil(bytes / (width * 3)));
  const image = doc.context.stream(randomBytes(width * height * 3), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
  });
  const name = page.node.newXObject('Noise', doc.context.register(image));
  const drawnWidth = 451;
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(drawnWidth, 0, 0, Math.min(660, (drawnWidth * height) / width), 72, 72),
    drawObject(name),
    popGraphicsState(),
  );
  return doc.save();
}

/** A small text PDF of `pages` pages whose text names the file, so each is a distinct blob. */
export async function makeSmallPdf(index: number, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Exhibit file ${index}, page ${p} of ${pages}`, { x: 72, y: 770, size: 18, font });
    page.drawText('Referrals seen within 18 weeks rose from 61% to 84% over the year.', {
      x: 72,
      y: 730,
      size: 11,
      font,
    });
  }
  return doc.save();
}

type Session = { origin: string; cookie: string };

/** POSTs one file as a browser form would (field `file`, Content-Length, Origin, session cookie). */
function uploadFile(
  session: Session,
  entryId: string,
  name: string,
  bytes: Uint8Array,
): Promise<{ ms: number; id: string }> {
  const body = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(`/api/entries/${entryId}/files`, session.origin),
      {
        method: 'POST',
        headers: {
          Origin: session.origin,
          Cookie: session.cookie,
          Accept: 'application/json',
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
          'Content-Length': body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 201) {
            reject(new Error(`upload of ${name} answered ${response.statusCode}: ${text.slice(0, 300)}`));
            return;
          }
          resolve({ ms, id: (JSON.parse(text) as { id: string }).id });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** GETs a binary body; rejects unless 200. */
function download(session: Session, path: string): Promise<{ ms: number; bytes: Buffer }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(path, session.origin),
      { method: 'GET', headers: { Origin: session.origin, Cookie: session.cookie } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          if (response.statusCode !== 200) {
            reject(new Error(`GET ${path} answered ${response.statusCode}: ${bytes.toString('utf8').slice(0, 300)}`));
            return;
          }
          resolve({ ms: performance.now() - started, bytes });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** Uploads `files` with `concurrency` in flight (each worker takes the next file when its upload is answered). */
async function uploadAll(
  session: Session,
  entryId: string,
  files: Uint8Array[],
  concurrency: number,
): Promise<{ run: UploadRun; ids: string[] }> {
  const latencies: number[] = [];
  const ids: string[] = new Array(files.length);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const { ms, id } = await uploadFile(session, entryId, `bench-${index + 1}.pdf`, files[index] as Uint8Array);
      latencies.push(ms);
      ids[index] = id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  const wallMs = performance.now() - started;
  const bytes = files.reduce((sum, file) => sum + file.length, 0);
  const latency = summarize(latencies);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    run: {
      concurrency,
      files: files.length,
      bytes,
      wallMs: Math.round(wallMs),
      mibPerSecond: Math.round((bytes / MIB / (wallMs / 1000)) * 100) / 100,
      latencyMs: { p50: round1(latency.p50), max: round1(latency.max) },
    },
    ids,
  };
}

/**
 * Writes one evidence item per file list through a y-websocket client, one transaction per item
 * as the items panel does, and waits until a second, fresh client sees them all (the server
 * relays only what it has stored, so the export reads them too).
 */
async function writeEvidenceItems(server: ChildServer, session: Session, entryId: string, files: string[][]) {
  const connection: Connection = {
    serverUrl: server.wsUrl,
    room: entryId,
    headers: { Cookie: session.cookie, Origin: server.origin },
  };
  const writer = newProvider(connection, new Y.Doc());
  const reader = newProvider(connection, new Y.Doc());
  try {
    await waitFor(writer, () => writer.synced, SYNC_TIMEOUT_MS, 'evidence writer sync', 'sync');
    await waitFor(reader, () => reader.synced, SYNC_TIMEOUT_MS, 'evidence reader sync', 'sync');
    const evidence = writer.doc.getMap<unknown>(EVIDENCE_MAP);
    files.forEach((ids, n) => {
      addItem(evidence, { ...emptyEvidence(), title: `Bench exhibit ${n + 1}`, kind: 'document', files: ids });
    });
    const seen = reader.doc.getMap<unknown>(EVIDENCE_MAP);
    await waitFor(reader, () => seen.size === files.length, SYNC_TIMEOUT_MS, 'evidence items at a second client');
  } finally {
    destroy(writer);
    destroy(reader);
  }
}

/** The evidence-document part: 30 small PDFs uploaded, 30 items citing them, the export timed `runs` times. */
async function measureEvidenceExport(
  server: ChildServer,
  session: Session,
  entryId: string,
  runs: number,
): Promise<EvidenceExport> {
  const pdfs = await Promise.all(
    Array.from({ length: EVIDENCE_EXHIBITS }, (_, n) => makeSmallPdf(n + 1, PAGES_PER_EXHIBIT)),
  );
  const uploadStarted = performance.now();
  const { ids } = await uploadAll(session, entryId, pdfs, 1);
  const uploadMs = Math.round(performance.now() - uploadStarted);
  const writeStarted = performance.now();
  await writeEvidenceItems(
    server,
    session,
    entryId,
    ids.map((id) => [id]),
  );
  const writeMs = Math.round(performance.now() - writeStarted);

  const sampler = new ProcSampler(server.pid, 200).start();
  const from = performance.now();
  const runsMs: number[] = [];
  let last: Buffer = Buffer.alloc(0);
  for (let run = 0; run < runs; run++) {
    const { ms, bytes } = await download(session, `/api/entries/${entryId}/export/evidence.pdf`);
    runsMs.push(Math.round(ms));
    last = bytes;
    log(`  evidence.pdf run ${run + 1}: ${Math.round(ms)} ms, ${(bytes.length / MIB).toFixed(2)} MiB`);
  }
  sampler.stop();
  const resources = sampler.summarize(from, performance.now());
  const pdfPages = (await PDFDocument.load(last, { updateMetadata: false })).getPageCount();
  return {
    exhibits: EVIDENCE_EXHIBITS,
    attachedPages: EVIDENCE_EXHIBITS * PAGES_PER_EXHIBIT,
    uploadMs,
    writeMs,
    runsMs,
    minMs: Math.min(...runsMs),
    medianMs: median(runsMs),
    pdfBytes: last.length,
    pdfPages,
    expectedMinPages: 1 + EVIDENCE_EXHIBITS + EVIDENCE_EXHIBITS * PAGES_PER_EXHIBIT,
    serverRssPeakMiB: resources.rssPeakMiB,
    serverCpuPercent: resources.cpuPercent,
  };
}

/**
 * One server (`jointly`: embedded SQLite and blobs on disk; `jointly-scaled`: one process on a
 * fresh PostgreSQL schema, blobs in PostgreSQL): a lead signs up, then the upload runs (one
 * file at a time, then `uploadConcurrency` at once, each into its own entry, with distinct
 * files), then the evidence document.
 */
export async function runEvidenceFiles(
  options: BenchOptions,
  serverName: 'jointly' | 'jointly-scaled',
): Promise<EvidenceFilesResult> {
  const runs = [1, options.uploadConcurrency];
  log(`  making ${runs.length * options.uploadFiles} PDFs of ${options.uploadMiB} MiB`);
  const large = await Promise.all(
    Array.from({ length: runs.length * options.uploadFiles }, (_, i) => makeLargePdf(i + 1, options.uploadMiB * MIB)),
  );
  const dataDir = makeTempDir('jointly-bench-files-');
  let scaled: ScaledEnvironment | null = null;
  let server: ChildServer | null = null;
  try {
    if (serverName === 'jointly-scaled') scaled = await createScaledEnvironment(options);
    server = await startJointlyServer(options, dataDir, scaled?.env ?? {}, [], serverName);
    const api = new JointlyApi(server.origin);
    const { cookie } = await api.signup(0, `files${Date.now().toString(36)}`);
    const session: Session = { origin: server.origin, cookie };
    // Warm-up, not measured: the server inspects uploads in up to two child processes, started on first
    // use (about a second each); two small uploads at once start both.
    const warmUp = await api.createEntry(cookie, 'Bench uploads warm-up');
    await uploadAll(session, warmUp.id, await Promise.all([makeSmallPdf(-1, 1), makeSmallPdf(-2, 1)]), 2);
    const uploads: UploadRun[] = [];
    for (const [i, concurrency] of runs.entries()) {
      const entry = await api.createEntry(cookie, `Bench uploads ${concurrency} at once`);
      const files = large.slice(i * options.uploadFiles, (i + 1) * options.uploadFiles);
      const { run } = await uploadAll(session, entry.id, files, concurrency);
      uploads.push(run);
      log(
        `  uploads, ${concurrency === 1 ? 'one at a time' : `${concurrency} at once`}: ${run.mibPerSecond} MiB/s, p50 ${run.latencyMs.p50} ms, max ${run.latencyMs.max} ms`,
      );
    }
    const entry = await api.createEntry(cookie, 'Bench evidence document');
    const evidence = await measureEvidenceExport(server, session, entry.id, options.evidenceExportRuns);
    return { serverName, uploads, evidence };
  } finally {
    if (server) await server.stop();
    if (scaled) await scaled.drop();
    removeTempDir(dataDir, options.keepData);
  }
}
