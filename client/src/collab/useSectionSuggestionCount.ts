import { readSuggestions } from '@jointly/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** Pending suggestions in a section's fragment, read as the server reads them (a section that has any is not approved). */
export function useSectionSuggestionCount(fragment: Y.XmlFragment | null, sectionId: string): number {
  const count = () => (fragment?.doc ? readSuggestions(fragment.doc, [sectionId]).length : 0);
  const [live, setLive] = useState(count);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `count` is rebuilt from these two.
  useEffect(() => {
    if (!fragment) {
      setLive(0);
      return;
    }
    const update = () => setLive(count());
    update();
    fragment.observeDeep(update);
    return () => fragment.unobserveDeep(update);
  }, [fragment, sectionId]);
  return live;
}
