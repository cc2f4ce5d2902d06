import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from './blobStore.contract.ts';
import { createFsBlobStore } from './blobStore.fs.ts';

describeBlobStoreContract('files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-blobs-'));
  return {
    store: createFsBlobStore(path.join(dir, 'files')),
    async close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('file blob store layout', () => {
  it('stores a blob at <first two hex>/<sha256>, and removes copies a crash left half-written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-blobs-'));
    try {
      const store = createFsBlobStore(dir);
      const sha = 'ab'.padEnd(64, '0');
      const source = path.join(dir, 'source');
      fs.writeFileSync(source, 'bytes');
      await store.put(sha, source, 5);
      expect(fs.readFileSync(path.join(dir, 'ab', sha), 'utf8')).toBe('bytes');
      // What a kill -9 between copy and rename leaves: a partial copy under a name no reader looks up.
      fs.writeFileSync(path.join(dir, 'ab', '.partial-leftover'), 'by');
      expect(await store.removeStrayPartials()).toBe(1);
      expect(fs.readdirSync(path.join(dir, 'ab'))).toEqual([sha]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
