import { sectionCharCount } from '@jointly/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/**
 * The live number of characters of text in a section, counted as the server
 * counts them against the section's size limit (`sectionCharCount`,
 * C-SCHEMA-3); 0 before the document is open.
 */
export function useSectionCharCount(fragment: Y.XmlFragment | null): number {
  const [chars, setChars] = useState(() => (fragment ? sectionCharCount(fragment) : 0));
  useEffect(() => {
    if (!fragment) {
      setChars(0);
      return;
    }
    const update = () => setChars(sectionCharCount(fragment));
    update();
    fragment.observeDeep(update);
    return () => fragment.unobserveDeep(update);
  }, [fragment]);
  return chars;
}
