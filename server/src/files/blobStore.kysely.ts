import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { assertSha256, type BlobStore } from './blobStore.ts';

/** Bytes per stored chunk: small enough to hold one at a time, large enough that a 20 MiB file is 80 rows. */
export const BLOB_CHUNK_BYTES = 256 * 1024;

/**
 * Blobs in the database (scaled mode: every process serves every file, and backups hold them),
 * as rows of BLOB_CHUNK_BYTES in `file_blob_chunks` and one row in `file_blobs` that makes the
 * blob visible. A put writes them all in one transaction, reading the file a chunk at a time, and
 * the `file_blobs` row is written last: a crash rolls it all back. Reads fetch a chunk at a time
 * as the reader takes them. Neither direction holds the whole file in memory.
 */
export function createKyselyBlobStore(handle: Pick<DatabaseHandle, 'db' | 'dialect'>): BlobStore {
  const { db, dialect } = handle;

  async function has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    const row = await db.selectFrom('file_blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    return row !== undefined;
  }

  async function put(sha256: string, path: string, size: number): Promise<void> {
    assertSha256(sha256);
    if (await has(sha256)) return;
    const file = await fs.open(path, 'r');
    try {
      await db.transaction().execute(async (trx) => {
        // Two processes storing the same blob at once: the second waits, then finds it stored.
        // (SQLite has one writer at a time already.)
        if (dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(hashtextextended(${`jointly:blob:${sha256}`}, 0))`.execute(trx);
        }
        const stored = await trx
          .selectFrom('file_blobs')
          .select('sha256')
          .where('sha256', '=', sha256)
          .executeTakeFirst();
        if (stored) return;
        const buffer = Buffer.alloc(BLOB_CHUNK_BYTES);
        let position = 0;
        let seq = 0;
        while (position < size) {
          const { bytesRead } = await file.read(buffer, 0, Math.min(BLOB_CHUNK_BYTES, size - position), position);
          if (bytesRead === 0) throw new Error(`blob ${sha256}: file ended at ${position} of ${size} bytes`);
          await trx
            .insertInto('file_blob_chunks')
            .values({ sha256, seq, data: Buffer.from(buffer.subarray(0, bytesRead)) })
            .execute();
          position += bytesRead;
          seq++;
        }
        await trx.insertInto('file_blobs').values({ sha256, size, chunks: seq, created_at: Date.now() }).execute();
      });
    } finally {
      await file.close();
    }
  }

  async function open(sha256: string): Promise<NodeJS.ReadableStream | null> {
    assertSha256(sha256);
    const blob = await db.selectFrom('file_blobs').select('chunks').where('sha256', '=', sha256).executeTakeFirst();
    if (!blob) return null;
    const chunkCount = blob.chunks;
    async function* chunks() {
      for (let seq = 0; seq < chunkCount; seq++) {
        const row = await db
          .selectFrom('file_blob_chunks')
          .select('data')
          .where('sha256', '=', sha256)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) throw new Error(`blob ${sha256}: chunk ${seq} of ${chunkCount} missing`);
        yield Buffer.from(row.data);
      }
    }
    // Readable.from pulls the next chunk only when the reader wants it (back-pressure).
    return Readable.from(chunks(), { objectMode: false });
  }

  async function remove(sha256: string): Promise<void> {
    assertSha256(sha256);
    // The row first: a blob is visible once its file_blobs row exists, so no reader sees it half gone.
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('file_blobs').where('sha256', '=', sha256).execute();
      await trx.deleteFrom('file_blob_chunks').where('sha256', '=', sha256).execute();
    });
  }

  return { put, open, has, delete: remove };
}
