import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ErrorCode } from '@jointly/shared';
import busboy from 'busboy';
import { HttpError } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { cleanFileName } from './cleanFileName.ts';

/** An upload's file, streamed to a temporary file: the caller inspects, stores and removes it. */
export type ReceivedUpload = { path: string; size: number; sha256: string; name: string };

/**
 * 413, and the connection closed after it: the client may still be sending, and reading the rest
 * only to discard it would let anyone keep the server busy.
 */
export const tooLarge = (maxBytes: number) =>
  new HttpError(
    413,
    ErrorCode.payloadTooLarge,
    `The file is too large. Files can be up to ${formatSize(maxBytes)}.`,
    undefined,
    { Connection: 'close' },
  );

const badUpload = (message: string) => new HttpError(400, ErrorCode.validation, message, [{ path: 'file', message }]);

/** "20 MB", "1.5 MB", "300 KB", "12 bytes": how much, for a person (rounded down, as what is left should be). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mebibytes = Math.floor((bytes / (1024 * 1024)) * 10) / 10;
    return `${Number.isInteger(mebibytes) ? mebibytes : mebibytes.toFixed(1)} MB`;
  }
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Parses a multipart/form-data body with one file field named `file` (busboy), streaming the file
 * into `tmpDir` while hashing it: never more than a parser buffer of it in memory. The body is
 * counted as it arrives (a chunked body has no Content-Length to check first): over `maxBodyBytes`,
 * or a file over `maxFileBytes`, stops reading at once with 413. Whatever fails, the temporary file
 * is gone before this rejects.
 */
export async function receiveUpload(input: {
  contentType: string | undefined;
  body: ReadableStream<Uint8Array> | null;
  tmpDir: string;
  maxFileBytes: number;
  maxBodyBytes: number;
}): Promise<ReceivedUpload> {
  const { contentType, body, maxFileBytes, maxBodyBytes } = input;
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !body) {
    throw badUpload('Send the file as multipart/form-data, in a field named "file".');
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // One file; a few small fields are tolerated (and ignored) so a form's extras do not fail it.
      // Browsers send the name's UTF-8 bytes in `filename="…"`.
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxFileBytes, fields: 8, fieldSize: 1024, parts: 9, headerPairs: 16 },
    });
  } catch {
    throw badUpload('The upload is not valid multipart/form-data (it needs a boundary).');
  }
  const tmpPath = path.join(input.tmpDir, temporaryName('upload'));
  const state: {
    received?: ReceivedUpload;
    file?: Readable;
    fileDone?: Promise<void>;
    /** Why the upload failed; once set, a file the parser still announces is not written. */
    failure?: Error;
    /** The temporary file's writer, whose close the removal waits for. */
    sink?: Writable;
  } = {};
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  const fail = (error: Error) => {
    state.failure ??= error;
    // Stop reading the body and stop writing the file; the finally below waits for both.
    source.destroy(error);
    state.file?.destroy(error);
  };

  let bodyBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bodyBytes += chunk.length;
      if (bodyBytes > maxBodyBytes) return callback(tooLarge(maxFileBytes));
      callback(null, chunk);
    },
  });

  parser.on('file', (field, stream, info) => {
    if (state.failure) {
      // The upload failed before the parser got to the file (the counter's 413): nothing to write,
      // and the removal of the temporary file may already have run.
      stream.resume();
      return;
    }
    if (field !== 'file' || state.fileDone) {
      stream.resume();
      fail(badUpload('Send one file, in a field named "file".'));
      return;
    }
    state.file = stream;
    const hash = createHash('sha256');
    let size = 0;
    const name = cleanFileName(info.filename ?? '');
    stream.on('limit', () => fail(tooLarge(maxFileBytes)));
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    state.sink = createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });
    state.fileDone = pipeline(stream, hashing, state.sink).then(() => {
      state.received = { path: tmpPath, size, sha256: hash.digest('hex'), name };
    });
    state.fileDone.catch(() => {});
  });
  parser.on('filesLimit', () => fail(badUpload('Send one file at a time.')));
  parser.on('partsLimit', () => fail(badUpload('Send one file, in a field named "file".')));

  try {
    await pipeline(source, counter, parser).catch((error: Error) => {
      throw state.failure ?? (error instanceof HttpError ? error : incomplete());
    });
    if (!state.fileDone) throw badUpload('The upload has no file. Send it in a field named "file".');
    await state.fileDone.catch(() => {
      throw state.failure ?? incomplete();
    });
    if (state.failure) throw state.failure;
    if (!state.received) throw incomplete();
    return state.received;
  } catch (error) {
    state.failure ??= error as Error;
    // The file's writer may still be opening or closing the temporary file: let it finish, then
    // remove it. A pipeline that failed on its source can settle before its writer has even
    // opened the file (which would then appear after the removal), so the writer's close is awaited.
    await state.fileDone?.catch(() => {});
    if (state.sink) await closedOf(state.sink);
    await fs.rm(tmpPath, { force: true });
    throw error;
  }
}

/** Resolves once a stream has closed (destroyed streams close too, after any pending open). */
function closedOf(stream: Writable): Promise<void> {
  if (stream.closed) return Promise.resolve();
  stream.destroy();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/**
 * A temporary file's name, carrying this process's id so that a process starting on the same
 * DATA_DIR removes only what dead processes left (fileService.prepare).
 */
export const temporaryName = (purpose: string) => `${purpose}-${process.pid}-${generateId()}`;

const incomplete = () => badUpload('The upload ended before the file was complete.');
