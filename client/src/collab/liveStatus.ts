import {
  canonicalJson,
  type EndorsementDto,
  entryContentHash,
  type SectionDto,
  type SectionStatus,
  sectionContentHash,
  sha256Hex,
} from '@jointly/shared';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { LIVE_HASH_DEBOUNCE_MS } from '../config.ts';

/** The content hash of an empty section (S-HASH-1 of no blocks). */
export const EMPTY_SECTION_HASH = sha256Hex(canonicalJson([]));

/**
 * A section's review status from its live content hash (S-APPROVE-2, computed in
 * the browser with the server's code): approved while the latest approval's hash
 * equals the hash now, changed since approval when it differs, else in progress
 * or not started. Without a live hash yet (the document is not loaded) the
 * server's status shows, "in progress" as soon as words are counted here.
 */
export function liveSectionStatus(
  section: Pick<SectionDto, 'status' | 'approval'>,
  liveHash: string | null,
  words: number,
): SectionStatus {
  if (liveHash === null) return section.status === 'not_started' && words > 0 ? 'in_progress' : section.status;
  if (section.approval) return section.approval.contentHash === liveHash ? 'approved' : 'changed_since_approval';
  return liveHash === EMPTY_SECTION_HASH && words === 0 ? 'not_started' : 'in_progress';
}

/** Whether an organisation's endorsement still holds for the entry's content now (S-ENDORSE-2, live). */
export function endorsementIsCurrent(endorsement: EndorsementDto, liveEntryHash: string | null): boolean {
  return liveEntryHash === null ? endorsement.current : endorsement.contentHash === liveEntryHash;
}

type Observable = { subscribe: (listener: () => void) => () => void; compute: () => string };

/**
 * A hash computed from a Yjs document or type, recomputed (debounced) after each change.
 * Null while `ready` is false (the document has not loaded, so it would hash as empty).
 */
function useDebouncedHash(source: Observable | null, ready: boolean): string | null {
  const [value, setValue] = useState<string | null>(() => (source && ready ? source.compute() : null));
  useEffect(() => {
    if (!source || !ready) {
      setValue(null);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    setValue(source.compute());
    const unsubscribe = source.subscribe(() => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        setValue(source.compute());
      }, LIVE_HASH_DEBOUNCE_MS);
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  }, [source, ready]);
  return value;
}

/**
 * The live content hash of a section's fragment, recomputed ~200 ms after each change.
 * Before the document has loaded, a fragment with nothing in it has no hash yet (null).
 */
export function useSectionContentHash(fragment: Y.XmlFragment | null, documentLoaded: boolean): string | null {
  const hasContent = useFragmentHasContent(fragment);
  const source = useMemo<Observable | null>(
    () =>
      fragment
        ? {
            compute: () => sectionContentHash(fragment),
            subscribe: (listener) => {
              fragment.observeDeep(listener);
              return () => fragment.unobserveDeep(listener);
            },
          }
        : null,
    [fragment],
  );
  return useDebouncedHash(source, documentLoaded || hasContent);
}

function useFragmentHasContent(fragment: Y.XmlFragment | null): boolean {
  const [has, setHas] = useState(() => (fragment?.length ?? 0) > 0);
  useEffect(() => {
    if (!fragment) {
      setHas(false);
      return;
    }
    const update = () => setHas(fragment.length > 0);
    update();
    fragment.observe(update);
    return () => fragment.unobserve(update);
  }, [fragment]);
  return has;
}

/** The live content hash of the whole entry (S-HASH-2), for endorsements; null until the document has loaded. */
export function useEntryContentHash(
  doc: Y.Doc | null,
  sectionIds: readonly string[],
  documentLoaded: boolean,
): string | null {
  const key = sectionIds.join('\n');
  const source = useMemo<Observable | null>(() => {
    if (!doc) return null;
    const ids = key === '' ? [] : key.split('\n');
    return {
      compute: () => entryContentHash(doc, ids),
      subscribe: (listener) => {
        doc.on('update', listener);
        return () => doc.off('update', listener);
      },
    };
  }, [doc, key]);
  return useDebouncedHash(source, documentLoaded);
}
