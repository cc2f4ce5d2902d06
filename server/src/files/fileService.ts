import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, type FileDto, type FileKind, type FileUsageDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import { UPLOAD_FRAMING_MAX_BYTES } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { loadEntry, withEntryLocked } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import { conflict, HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { BlobStore } from './blobStore.ts';
import { bytesUsed, type StoredFile, selectFiles, toFileDto } from './fileRows.ts';
import type { Scanner } from './inspection/clamdScanner.ts';
import type { Inspection } from './inspection/inspectUpload.ts';
import { nameForKind } from './nameForKind.ts';
import { formatSize, receiveUpload, temporaryName, tooLarge } from './receiveUpload.ts';

export type { StoredFile } from './fileRows.ts';

/** What reads the bytes (inspection/, passed in by services.ts so tests can count calls without a clamd). */
export type FileChecks = {
  inspect(path: string): Promise<Inspection>;
  thumbnail(path: string, kind: FileKind): Promise<Uint8Array | null>;
  /** null: no CLAMAV_URL, nothing scanned. */
  scanner: Scanner | null;
};

/** An upload as the route hands it over: the headers that matter and the unread body. */
export type UploadRequest = {
  contentLength: number | undefined;
  contentType: string | undefined;
  body: ReadableStream<Uint8Array> | null;
};

export type FileService = ReturnType<typeof createFileService>;

/** The kinds renderThumbnail draws (the first page of a PDF, an image); the others have none. */
const THUMBNAIL_KINDS: ReadonlySet<FileKind> = new Set(['pdf', 'png', 'jpeg']);

const submitted = () =>
  conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it before files can be added.');

const quotaExceeded = (quota: number, used: number) =>
  new HttpError(
    413,
    ErrorCode.entryQuotaExceeded,
    `This entry has ${formatSize(Math.max(0, quota - used))} left of its ${formatSize(quota)} for files, ` +
      'not enough for this file.',
    undefined,
    { Connection: 'close' },
  );

/**
 * Evidence files (issue 13): the upload pipeline, reading them back, and their thumbnails.
 * An upload is checked in order, cheapest first, and nothing is stored until every check passed:
 * the caller may write (404/403) and the entry is a draft (409); the body's size (413); the
 * entry's quota (413 `entry_quota_exceeded`); the bytes' type (415/422, inspection/); malware when
 * CLAMAV_URL is set (422; 503 when clamd is unreachable). Then the blob, then the row and its
 * activity line in the entry's locked transaction (the status, role and quota checked again there,
 * so a submit or another upload cannot slip between). The temporary file goes in every case.
 */
export function createFileService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  blobs: BlobStore;
  checks: FileChecks;
  limits: { fileMaxBytes: number; entryFilesMaxBytes: number };
  /** Where uploads are streamed while they are checked (DATA_DIR/tmp/uploads). */
  tmpDir: string;
  logger: Logger;
  now?: () => number;
}) {
  const { db, entries, blobs, checks, limits, tmpDir, logger } = deps;
  const now = deps.now ?? Date.now;

  /**
   * Creates the temporary directory and removes what crashed processes left in it: files of a
   * process that no longer runs, or of this process id (a restarted container often gets the
   * same one, and this process has not started an upload yet). Another live process's uploads
   * on the same DATA_DIR are left alone.
   */
  async function prepare(): Promise<void> {
    await fs.mkdir(tmpDir, { recursive: true });
    for (const name of await fs.readdir(tmpDir)) {
      const pid = Number(/^[a-z]+-(\d+)-/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && processRuns(pid)) continue;
      await fs.rm(path.join(tmpDir, name), { force: true });
    }
  }

  async function upload(
    entryId: string,
    uploader: { userId: string; organisationId: string },
    request: UploadRequest,
  ): Promise<FileDto> {
    await entries.authorise(entryId, uploader.userId, 'edit');
    if ((await loadEntry(db, entryId)).status === 'submitted') throw submitted();
    if (request.contentLength !== undefined && request.contentLength > limits.fileMaxBytes + UPLOAD_FRAMING_MAX_BYTES) {
      throw tooLarge(limits.fileMaxBytes);
    }
    const usedBefore = await bytesUsed(db, entryId);
    if (usedBefore >= limits.entryFilesMaxBytes) throw quotaExceeded(limits.entryFilesMaxBytes, usedBefore);

    const received = await receiveUpload({
      contentType: request.contentType,
      body: request.body,
      tmpDir,
      maxFileBytes: limits.fileMaxBytes,
      maxBodyBytes: limits.fileMaxBytes + UPLOAD_FRAMING_MAX_BYTES,
    });
    try {
      if (usedBefore + received.size > limits.entryFilesMaxBytes) {
        throw quotaExceeded(limits.entryFilesMaxBytes, usedBefore);
      }
      const inspection = await checks.inspect(received.path);
      if (!inspection.ok) {
        throw inspection.status === 415
          ? new HttpError(415, ErrorCode.unsupportedMediaType, inspection.reason)
          : new HttpError(422, ErrorCode.fileRejected, inspection.reason);
      }
      const named = nameForKind(received.name, inspection.kind);
      if (!named.ok) throw new HttpError(422, ErrorCode.fileRejected, named.reason);
      await scan(received.path);
      await blobs.put(received.sha256, received.path, received.size);
      const file: StoredFile = await withEntryLocked(db, entryId, async (trx, status) => {
        if (status === null) throw notFound('Entry');
        if (status === 'submitted') throw submitted();
        await entries.authorise(entryId, uploader.userId, 'edit', trx);
        const used = await bytesUsed(trx, entryId);
        if (used + received.size > limits.entryFilesMaxBytes) throw quotaExceeded(limits.entryFilesMaxBytes, used);
        const id = generateId();
        const at = now();
        await trx
          .insertInto('entry_files')
          .values({
            id,
            entry_id: entryId,
            sha256: received.sha256,
            name: named.name,
            mime: inspection.mime,
            kind: inspection.kind,
            size: received.size,
            pages: inspection.pages ?? null,
            uploaded_by: uploader.userId,
            uploaded_by_organisation: uploader.organisationId,
            uploaded_at: at,
          })
          .execute();
        await recordActivity(trx, {
          entryId,
          at,
          actor: uploader,
          kind: 'file_uploaded',
          detail: { fileId: id, name: named.name, type: inspection.mime, size: received.size },
        });
        const [stored] = await selectFiles(trx, entryId, id);
        if (!stored) throw new Error(`file ${id} not found in the transaction that stored it`);
        return stored;
      });
      return toFileDto(file);
    } finally {
      await fs.rm(received.path, { force: true });
    }
  }

  async function scan(filePath: string): Promise<void> {
    if (!checks.scanner) return;
    let result: Awaited<ReturnType<Scanner['scan']>>;
    try {
      result = await checks.scanner.scan(filePath);
    } catch (error) {
      // Never store a file unscanned: with CLAMAV_URL set, no scan means no upload.
      logger.error('malware scanner unreachable', { err: String(error) });
      throw new HttpError(
        503,
        ErrorCode.unavailable,
        'Files cannot be checked for malware just now, so nothing was stored. Try again shortly.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    if (!result.clean) {
      logger.warn('upload refused: malware found', { signature: result.signature });
      throw new HttpError(
        422,
        ErrorCode.fileRejected,
        `The file was refused: the malware scanner found ${result.signature} in it.`,
      );
    }
  }

  /** The entry's files, oldest first (the caller has checked the reader is a member). */
  const list = (entryId: string): Promise<StoredFile[]> => selectFiles(db, entryId);

  /** What the entry's files take of its quota, and the limits, so the page can say so before sending (the caller has checked membership). */
  async function usage(entryId: string): Promise<FileUsageDto> {
    return {
      usedBytes: await bytesUsed(db, entryId),
      entryFilesMaxBytes: limits.entryFilesMaxBytes,
      fileMaxBytes: limits.fileMaxBytes,
    };
  }

  async function get(entryId: string, fileId: string): Promise<StoredFile | null> {
    return (await selectFiles(db, entryId, fileId))[0] ?? null;
  }

  async function open(file: StoredFile): Promise<NodeJS.ReadableStream> {
    const stream = await blobs.open(file.sha256);
    // A row without its blob is a broken store, not a missing file: a 500 that is logged.
    if (!stream) throw new Error(`blob ${file.sha256} of file ${file.id} is missing`);
    return stream;
  }

  /**
   * The file's PNG thumbnail (PDFs and images), rendered once per blob and kept; null for other
   * kinds, and when rendering fails (not kept, so a render that timed out under load is tried again).
   */
  async function thumbnail(file: StoredFile): Promise<Uint8Array | null> {
    if (!THUMBNAIL_KINDS.has(file.kind)) return null;
    const cached = await db
      .selectFrom('file_thumbnails')
      .select('png')
      .where('sha256', '=', file.sha256)
      .where('kind', '=', file.kind)
      .executeTakeFirst();
    if (cached?.png) return cached.png;
    const tmpPath = path.join(tmpDir, temporaryName('thumbnail'));
    let png: Uint8Array | null;
    try {
      await pipeline(await open(file), createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 }));
      png = await checks.thumbnail(tmpPath, file.kind);
    } finally {
      await fs.rm(tmpPath, { force: true });
    }
    if (!png) return null;
    await db
      .insertInto('file_thumbnails')
      .values({ sha256: file.sha256, kind: file.kind, png: Buffer.from(png), created_at: now() })
      .onConflict((oc) => oc.columns(['sha256', 'kind']).doNothing())
      .execute();
    return png;
  }

  return { prepare, upload, list, usage, get, open, thumbnail };
}

/** Whether a process with this id exists (signal 0 only checks; EPERM: it exists as another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
