import type { ProvenanceDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { getProvenance } from '../api/apiClient.ts';
import { PROVENANCE_REFETCH_DEBOUNCE_MS } from '../config.ts';

export type ProvenanceState = {
  /** The latest provenance the server gave, kept while a refetch is under way or fails. */
  data: ProvenanceDto | null;
  /** The last fetch failed (what is shown may be out of date). */
  failed: boolean;
};

/**
 * The server's provenance of the entry, fetched on open, again (debounced)
 * whenever the shared document changes, and whenever `refreshKey` changes
 * (the page regained its connection, or its edits were saved). While `active`
 * is false (the connection stopped: signed out, access removed) it asks nothing
 * more and keeps what it has: the server would only answer 401 or 404.
 */
export function useProvenance(entryId: string, doc: Y.Doc | null, refreshKey: unknown, active = true): ProvenanceState {
  const [state, setState] = useState<ProvenanceState>({ data: null, failed: false });
  const fetchNow = useRef<() => void>(() => {});
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    const run = () => {
      if (!activeRef.current) return;
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      getProvenance(entryId, mine.signal).then(
        (data) => {
          if (!disposed && controller === mine) setState({ data, failed: false });
        },
        (error: unknown) => {
          if (disposed || controller !== mine) return;
          if (error instanceof DOMException && error.name === 'AbortError') return;
          setState((current) => ({ data: current.data, failed: true }));
        },
      );
    };
    const schedule = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        run();
      }, PROVENANCE_REFETCH_DEBOUNCE_MS);
    };
    fetchNow.current = schedule;
    run();
    doc?.on('update', schedule);
    return () => {
      disposed = true;
      doc?.off('update', schedule);
      if (timer !== null) clearTimeout(timer);
      controller?.abort();
      fetchNow.current = () => {};
    };
  }, [entryId, doc]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger, it is not read.
  useEffect(() => {
    fetchNow.current();
  }, [refreshKey]);

  return state;
}
