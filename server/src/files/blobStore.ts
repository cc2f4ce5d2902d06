/**
 * Where the bytes of uploaded files live: immutable blobs named by their
 * SHA-256 (lower-case hex), so one file uploaded twice is stored once and a
 * stored blob can never change under an id that cites it. Metadata (names,
 * entries, who uploaded) is in `entry_files`, not here.
 *
 * Two forms, chosen as the DocStore is (services.ts): files under DATA_DIR
 * in embedded mode (blobStore.fs.ts), chunks in PostgreSQL in scaled mode so
 * that every process serves every file (blobStore.kysely.ts). Both pass
 * blobStore.contract.ts. Nothing deletes a blob but an erasure (issue 18
 * item 2): a submitted version cites files by id and its blobs must outlive
 * every later change of the entry, unless they are a person's erased data.
 */
export type BlobStore = {
  /** Stores the file at `path` under its sha256 (idempotent). A crash never leaves a partial blob visible. */
  put(sha256: string, path: string, size: number): Promise<void>;
  /** A readable stream of the bytes, or null if absent. */
  open(sha256: string): Promise<NodeJS.ReadableStream | null>;
  has(sha256: string): Promise<boolean>;
  /**
   * Removes the bytes for good (erasure: the caller has checked that no file row cites them any
   * more); idempotent. A file uploaded again later is stored anew.
   */
  delete(sha256: string): Promise<void>;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Blob names become file names and keys: anything but 64 lower-case hex digits is a programming error. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256 hex digest: ${JSON.stringify(sha256.slice(0, 80))}`);
}
