import type { ActorDto } from './apiTypes.ts';

/**
 * Files attached to evidence items and testimonial consent records (issue 13).
 * Bytes are immutable blobs addressed by their SHA-256 on the server; an item
 * cites its files by id in the shared document (`files` on an evidence item,
 * `forms` on a testimonial's consent record), in the order they are shown.
 * This module is the one list of what may be uploaded, shared by the server
 * (which decides from the bytes) and the page (which says so before sending).
 */

/** The kinds of file Jointly accepts, each with the MIME type it is served as and the extensions a picker offers. */
export const FILE_TYPES = {
  pdf: { mime: 'application/pdf', extensions: ['.pdf'], label: 'PDF' },
  png: { mime: 'image/png', extensions: ['.png'], label: 'PNG image' },
  jpeg: { mime: 'image/jpeg', extensions: ['.jpg', '.jpeg'], label: 'JPEG image' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
    label: 'Word document',
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
    label: 'Excel workbook',
  },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['.pptx'],
    label: 'PowerPoint presentation',
  },
  csv: { mime: 'text/csv', extensions: ['.csv'], label: 'CSV table' },
} as const;

export type FileKind = keyof typeof FILE_TYPES;
export type FileMime = (typeof FILE_TYPES)[FileKind]['mime'];
export const FILE_KINDS = Object.keys(FILE_TYPES) as FileKind[];

/** The `accept` list of a file picker: every allowed MIME type and extension. */
export const FILE_ACCEPT = FILE_KINDS.flatMap((kind) => [FILE_TYPES[kind].mime, ...FILE_TYPES[kind].extensions]).join(
  ',',
);

export function fileKindOfMime(mime: string): FileKind | null {
  return FILE_KINDS.find((kind) => FILE_TYPES[kind].mime === mime) ?? null;
}

/** Defaults of the per-file and per-entry limits (the server's FILE_MAX_BYTES and ENTRY_FILES_MAX_BYTES). */
export const DEFAULT_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_ENTRY_FILES_MAX_BYTES = 200 * 1024 * 1024;
/** The most files one item may cite (C-SCHEMA-2). */
export const FILES_PER_ITEM_MAX = 20;
/** A display name is cut to this many characters (names are display-only; files are stored by id). */
export const FILE_NAME_MAX_CHARS = 255;

/** File ids are server-generated (`generateId`: 80 bits, lower-case base32); the document may cite only ids of this shape. */
export const FILE_ID_PATTERN = /^[a-z2-7]{16}$/;

export function isFileId(value: unknown): value is string {
  return typeof value === 'string' && FILE_ID_PATTERN.test(value);
}

/** GET /api/entries/:id/files/usage: what the entry's files take of its quota, and the limits (any member). */
export type FileUsageDto = {
  usedBytes: number;
  entryFilesMaxBytes: number;
  fileMaxBytes: number;
};

/** What `POST /api/entries/:id/files` answers (201) and the file list reports, one per file. */
export type FileDto = {
  id: string;
  /** The name it was uploaded with, for display only (never a path). */
  name: string;
  /** The MIME type read from the bytes (one of FILE_TYPES). */
  type: FileMime;
  size: number;
  sha256: string;
  /** Pages of a PDF, or slides of a presentation when known; absent for other kinds. */
  pages?: number;
  uploadedBy: ActorDto;
  uploadedAt: string;
};
