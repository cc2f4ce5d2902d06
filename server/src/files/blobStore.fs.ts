import fs from 'node:fs/promises';
import path from 'node:path';
import { generateId } from '../ids.ts';
import { assertSha256, type BlobStore } from './blobStore.ts';

/**
 * Blobs as files under `dir` (DATA_DIR/files), in `<first two hex>/<sha256>` so no directory holds
 * more than a few thousand names. A blob is copied to a temporary name in its directory, fsynced,
 * renamed into place and the directory fsynced: the rename is atomic, so a crash at any point
 * leaves either no blob or the whole blob under its name (a stray `.partial-*` at worst, which
 * `open` and `has` never see and the next start removes).
 */
export function createFsBlobStore(dir: string): BlobStore & { removeStrayPartials(): Promise<number> } {
  const blobPath = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256);

  async function has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await fs.access(blobPath(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async function put(sha256: string, source: string, size: number): Promise<void> {
    assertSha256(sha256);
    if (await has(sha256)) return;
    const target = blobPath(sha256);
    const shard = path.dirname(target);
    await fs.mkdir(shard, { recursive: true });
    const partial = path.join(shard, `.partial-${generateId()}`);
    try {
      await fs.copyFile(source, partial);
      const handle = await fs.open(partial, 'r+');
      try {
        const { size: copied } = await handle.stat();
        if (copied !== size) throw new Error(`blob ${sha256}: copied ${copied} bytes, expected ${size}`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Two puts of the same blob at once both rename whole copies of the same bytes: either wins.
      await fs.rename(partial, target);
    } catch (error) {
      await fs.rm(partial, { force: true });
      throw error;
    }
    await syncDirectory(shard);
  }

  async function open(sha256: string): Promise<NodeJS.ReadableStream | null> {
    assertSha256(sha256);
    // Opened before the stream is returned, so an absent blob is null rather than a stream that errors.
    const handle = await fs.open(blobPath(sha256), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return handle ? handle.createReadStream() : null;
  }

  /** Removes copies a crash left half-written (at start, before anything is uploaded). */
  async function removeStrayPartials(): Promise<number> {
    let removed = 0;
    const shards = await fs.readdir(dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await fs.readdir(path.join(dir, shard)).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.startsWith('.partial-'))) {
        await fs.rm(path.join(dir, shard, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async function remove(sha256: string): Promise<void> {
    assertSha256(sha256);
    await fs.rm(blobPath(sha256), { force: true });
  }

  return { put, open, has, delete: remove, removeStrayPartials };
}

/** Makes a rename in `dir` durable (on Linux a directory's entries are flushed by fsyncing it). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
