import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from './blobStore.ts';

/**
 * The BlobStore contract (blobStore.ts), run against every implementation: files (embedded mode)
 * and the database (SQLite and PostgreSQL). `open` returns a fresh, empty store and its disposal.
 */
export type BlobStoreHarness = { store: BlobStore; close(): Promise<void> };

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

export function describeBlobStoreContract(name: string, open: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let harness: BlobStoreHarness;
    let store: BlobStore;
    let dir: string;
    /** Writes `bytes` to a source file, as the upload pipeline's temporary file would be. */
    const source = (bytes: Uint8Array) => {
      const file = path.join(dir, `source-${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(file, bytes);
      return file;
    };
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-blob-source-'));
      harness = await open();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('an absent blob: has is false and open is null', async () => {
      const absent = sha256Of(randomBytes(16));
      expect(await store.has(absent)).toBe(false);
      expect(await store.open(absent)).toBeNull();
    });

    it('stores and returns the exact bytes, across many chunks, and the empty file', async () => {
      for (const size of [0, 1, 256 * 1024, 2 * 256 * 1024 + 123]) {
        const bytes = randomBytes(size);
        const sha = sha256Of(bytes);
        await store.put(sha, source(bytes), size);
        expect(await store.has(sha)).toBe(true);
        const stream = await store.open(sha);
        expect(stream).not.toBeNull();
        const { bytes: read } = await readAll(stream!);
        expect(read.length).toBe(size);
        expect(sha256Of(read)).toBe(sha);
      }
    });

    it('delete removes the bytes for good (erasure), is idempotent, and a later put stores them anew', async () => {
      const bytes = randomBytes(300 * 1024);
      const sha = sha256Of(bytes);
      await store.put(sha, source(bytes), bytes.length);
      await store.delete(sha);
      expect(await store.has(sha)).toBe(false);
      expect(await store.open(sha)).toBeNull();
      await store.delete(sha);
      await store.put(sha, source(bytes), bytes.length);
      expect(sha256Of((await readAll((await store.open(sha))!)).bytes)).toBe(sha);
    });

    it('a large blob is read back as a stream of several parts, not one buffer', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 7);
      const sha = sha256Of(bytes);
      await store.put(sha, source(bytes), bytes.length);
      const { bytes: read, chunks } = await readAll((await store.open(sha))!);
      expect(chunks).toBeGreaterThan(1);
      expect(read.equals(bytes)).toBe(true);
    });

    it('put is idempotent, also when two puts of one blob run at once', async () => {
      const bytes = randomBytes(300 * 1024);
      const sha = sha256Of(bytes);
      const file = source(bytes);
      await Promise.all([store.put(sha, file, bytes.length), store.put(sha, file, bytes.length)]);
      await store.put(sha, file, bytes.length);
      expect((await readAll((await store.open(sha))!)).bytes.equals(bytes)).toBe(true);
      // The source is the caller's: the store copies it and leaves it in place.
      expect(fs.existsSync(file)).toBe(true);
    });

    it('a put that fails part-way (the source is shorter than said) leaves no blob visible, and a retry stores it', async () => {
      const bytes = randomBytes(600 * 1024);
      const sha = sha256Of(bytes);
      const truncated = source(bytes.subarray(0, 400 * 1024));
      await expect(store.put(sha, truncated, bytes.length)).rejects.toThrow();
      expect(await store.has(sha)).toBe(false);
      expect(await store.open(sha)).toBeNull();
      await store.put(sha, source(bytes), bytes.length);
      expect((await readAll((await store.open(sha))!)).bytes.equals(bytes)).toBe(true);
    });

    it('refuses names that are not a sha256 hex digest (they would become paths or keys)', async () => {
      const file = source(Buffer.from('x'));
      for (const bad of ['../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(63)}/`, '']) {
        await expect(store.put(bad, file, 1)).rejects.toThrow(/sha256/);
        await expect(store.has(bad)).rejects.toThrow(/sha256/);
        await expect(store.open(bad)).rejects.toThrow(/sha256/);
      }
    });
  });
}
