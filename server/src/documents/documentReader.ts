import { collectMalformed } from '@jointly/shared';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';

/** Where documents come from: the collaboration server's live room or store (CollabServer). */
export type DocumentSource = {
  readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T>;
};

/** Entries already warned about; beyond this many the record starts again (memory stays bounded). */
const WARNED_ENTRIES_MAX = 10_000;

/**
 * The one way the server's readers (entry view, dashboard, exports,
 * provenance, sign-off) read an entry's document (issue 10 finding 3): the
 * read runs as before, and whatever it skipped as malformed (documentRead.ts in
 * @jointly/shared) is logged at warn once per entry per process, so one broken
 * entry is visible to operators without flooding the log on every dashboard.
 */
export function createDocumentReader(source: DocumentSource, logger: Logger): DocumentSource {
  const warned = new Set<string>();

  function report(entryId: string, problems: string[]): void {
    if (problems.length === 0 || warned.has(entryId)) return;
    if (warned.size >= WARNED_ENTRIES_MAX) warned.clear();
    warned.add(entryId);
    logger.warn('entry document holds content no editor makes; readers skip it', { entryId, problems });
  }

  return {
    readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T> {
      return source.readDocument(entryId, (doc) => {
        const { value, problems } = collectMalformed(() => read(doc));
        report(entryId, problems);
        return value;
      });
    },
  };
}
