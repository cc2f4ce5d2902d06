// The tables of attached files (issue 13): each entry's file rows, the stored bytes (in chunks when not on disk) and thumbnails.

/** An uploaded file of an entry (issue 13): the document cites `id`; the bytes are the blob `sha256`. Never deleted. */
export type EntryFileTable = {
  id: string;
  entry_id: string;
  /** Lower-case hex SHA-256 of the bytes: the blob's name in the BlobStore. */
  sha256: string;
  /** The uploader's file name, cleaned, for display only (never a path). */
  name: string;
  /** The MIME type read from the bytes (FILE_TYPES). */
  mime: string;
  /** FileKind. */
  kind: string;
  size: number;
  /** Pages of a PDF (slides of a presentation when known); null otherwise. */
  pages: number | null;
  uploaded_by: string;
  /** The organisation the uploader was a member for when they uploaded. */
  uploaded_by_organisation: string;
  uploaded_at: number;
};

/** A blob stored in the database (scaled mode); visible once this row exists. */
export type FileBlobTable = {
  sha256: string;
  size: number;
  chunks: number;
  created_at: number;
};

/** One chunk (BLOB_CHUNK_BYTES, the last shorter) of a blob stored in the database. */
export type FileBlobChunkTable = {
  sha256: string;
  seq: number;
  data: Buffer;
};

/** A blob's thumbnail (PNG), rendered once and kept (fileService.ts keeps only rendered ones). */
export type FileThumbnailTable = {
  sha256: string;
  kind: string;
  png: Buffer | null;
  created_at: number;
};
