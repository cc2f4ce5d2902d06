/**
 * What inspection accepts at most (RELIABILITY §H 56). The per-file byte
 * limit is the upload's (FILE_MAX_BYTES), applied before inspection runs.
 */
export type InspectionLimits = {
  /** Pixels of a PNG or JPEG (width × height), read from its header before anything is decoded. */
  imagePixels: number;
  /** The uncompressed total an Office file's ZIP directory may declare. */
  zipUncompressedBytes: number;
  /** Entries in an Office file's ZIP directory. */
  zipEntries: number;
  /** Expansion of one ZIP entry of over 1 MiB (uncompressed / compressed); XML parts compress 5–20 times. */
  zipEntryRatio: number;
  /** Bytes inflated from any one ZIP part that inspection reads (`[Content_Types].xml`). */
  zipPartReadBytes: number;
  pdfPages: number;
  csvRows: number;
  csvColumns: number;
  /** Time for the whole inspection; past it the worker is terminated and the file refused. */
  timeoutMs: number;
};

export const INSPECTION_LIMITS: InspectionLimits = {
  imagePixels: 50_000_000,
  zipUncompressedBytes: 200 * 1024 * 1024,
  zipEntries: 5_000,
  zipEntryRatio: 100,
  zipPartReadBytes: 1024 * 1024,
  pdfPages: 2_000,
  csvRows: 1_000_000,
  csvColumns: 1_000,
  timeoutMs: 10_000,
};

/** Thumbnails are best-effort: past this they are given up (the page shows a generic icon). */
export const THUMBNAIL_TIMEOUT_MS = 10_000;
/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE = 320;
