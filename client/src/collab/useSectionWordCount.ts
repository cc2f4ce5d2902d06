import { countWords, sectionPlainText } from '@jointly/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** Words in a section's fragment, counted exactly as the server counts them (shared sectionPlainText + countWords). */
export function fragmentWordCount(fragment: Y.XmlFragment): number {
  return countWords(sectionPlainText(fragment));
}

/**
 * The live word count of a section. Until the document has synced (and while
 * this browser has no copy of the section) it shows the server's stored count,
 * so the page does not flash "0 words".
 */
export function useSectionWordCount(
  fragment: Y.XmlFragment | null,
  storedWords: number,
  documentLoaded: boolean,
): number {
  const [live, setLive] = useState<number | null>(() =>
    fragment && fragment.length > 0 ? fragmentWordCount(fragment) : null,
  );
  useEffect(() => {
    if (!fragment) {
      setLive(null);
      return;
    }
    const update = () => setLive(fragmentWordCount(fragment));
    setLive(fragment.length > 0 ? fragmentWordCount(fragment) : null);
    fragment.observeDeep(update);
    return () => fragment.unobserveDeep(update);
  }, [fragment]);
  if (live !== null) return live;
  return documentLoaded ? 0 : storedWords;
}
