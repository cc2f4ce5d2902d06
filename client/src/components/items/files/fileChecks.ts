import { FILE_KINDS, FILE_TYPES, type FileKind } from '@jointly/shared';
import { formatFileSize } from './formatFileSize.ts';

/** The kind a file's name says it is, from the allowed extensions (null: not an allowed one). */
export function kindOfName(name: string): FileKind | null {
  const lower = name.toLowerCase();
  return FILE_KINDS.find((kind) => FILE_TYPES[kind].extensions.some((ext) => lower.endsWith(ext))) ?? null;
}

const ALLOWED_LIST = 'PDF, PNG, JPEG, Word, Excel, PowerPoint or CSV';

/**
 * What the page refuses before sending, in words (null: send it). The server
 * decides from the bytes; this only spares a long upload that could not pass.
 * The browser's MIME type is not trusted either way (CSV is often reported as
 * an Excel type), so the name's extension decides here.
 */
export function problemBeforeUpload(file: Pick<File, 'name' | 'size'>, maxBytes: number | null): string | null {
  if (kindOfName(file.name) === null)
    return `${file.name} is not a file Jointly accepts: choose a ${ALLOWED_LIST} file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (maxBytes !== null && file.size > maxBytes) {
    return `${file.name} is ${formatFileSize(file.size)}; a file can be at most ${formatFileSize(maxBytes)}.`;
  }
  return null;
}
