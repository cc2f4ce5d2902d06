import type { FileKind } from '@jointly/shared';

/** Placeholder until thumbnails land. */
export async function renderFirstPage(_path: string, _kind: FileKind, _maxSide: number): Promise<Uint8Array | null> {
  return null;
}
