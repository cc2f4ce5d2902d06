import type { FileDto } from '@jointly/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getFileUsage, listEntryFiles } from '../../../api/apiClient.ts';

export type EntryFiles = {
  byId: ReadonlyMap<string, FileDto>;
  failed: boolean;
  /** The largest file the server takes (null until known: the server's 413 says it then). */
  maxBytes: number | null;
  /** A file this page just uploaded (known before the list is read again). */
  add(file: FileDto): void;
};

/**
 * The entry's uploaded files (`GET /api/entries/:id/files`): what the item
 * cards show about each cited id (name, size, who uploaded it and when).
 * Read again when the document cites an id the list does not have yet
 * (someone else's upload).
 */
export function useEntryFiles(entryId: string, citedIds: readonly string[]): EntryFiles {
  const [files, setFiles] = useState<ReadonlyMap<string, FileDto>>(new Map());
  const [failed, setFailed] = useState(false);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const missing = citedIds.filter((id) => !files.has(id)).join(',');
  // Read on open, then whenever an unknown id is cited (once per set of unknown ids).
  const want = `${entryId}|${missing}`;

  useEffect(() => {
    if (loadedFor === want) return;
    const controller = new AbortController();
    listEntryFiles(entryId, controller.signal).then(
      (list) => {
        const known = new Map([...files, ...list.map((file) => [file.id, file] as const)]);
        setFiles(known);
        setFailed(false);
        // Ids still unknown after this read are not asked about again until the document cites another.
        const stillMissing = missing.split(',').filter((id) => id !== '' && !known.has(id));
        setLoadedFor(`${entryId}|${stillMissing.join(',')}`);
      },
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        setFailed(true);
        setLoadedFor(want);
      },
    );
    return () => controller.abort();
  }, [entryId, want, loadedFor, files, missing]);

  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getFileUsage(entryId, controller.signal).then(
      (usage) => setMaxBytes(usage.fileMaxBytes),
      () => setMaxBytes(null),
    );
    return () => controller.abort();
  }, [entryId]);

  const add = useCallback((file: FileDto) => setFiles((known) => new Map([...known, [file.id, file]])), []);
  return useMemo(() => ({ byId: files, failed, maxBytes, add }), [files, failed, maxBytes, add]);
}
