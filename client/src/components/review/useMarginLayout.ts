import type { Editor } from '@tiptap/core';
import { useLayoutEffect, useState } from 'react';
import type { AnchorRange } from '../../editor/commentAnchorRanges.ts';

/** NHS.UK frontend's desktop breakpoint (769 px): below it the threads sit under the section's text. */
export const MARGIN_MEDIA_QUERY = '(min-width: 48.0625em)';

function useWide(): boolean {
  const [wide, setWide] = useState(
    () => typeof window !== 'undefined' && window.matchMedia?.(MARGIN_MEDIA_QUERY).matches,
  );
  useLayoutEffect(() => {
    const media = window.matchMedia?.(MARGIN_MEDIA_QUERY);
    if (!media) return;
    const onChange = () => setWide(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return wide;
}

/**
 * Places each margin thread level with its words on a wide screen: in
 * document order, each is pushed down to the line its words start on, or sits
 * just under the thread before it when they would overlap. On a phone the
 * threads are a plain list under the text. Runs after every render, so it
 * follows ranges moved by edits and threads growing with replies.
 */
export function useMarginLayout(
  margin: HTMLElement | null,
  editor: Editor | null,
  order: { threadId: string; elementId: string }[],
  ranges: ReadonlyMap<string, AnchorRange>,
): void {
  const wide = useWide();
  useLayoutEffect(() => {
    if (!margin) return;
    const elements = order.map(({ threadId, elementId }) => ({
      threadId,
      element: document.getElementById(elementId),
    }));
    if (!wide || !editor || editor.isDestroyed) {
      for (const { element } of elements) if (element) element.style.marginTop = '';
      return;
    }
    const top = margin.getBoundingClientRect().top;
    let bottom = 0;
    for (const { threadId, element } of elements) {
      if (!element) continue;
      element.style.marginTop = '';
      const range = ranges.get(threadId);
      const naturalTop = element.offsetTop - margin.offsetTop;
      let wanted = naturalTop;
      if (range) {
        try {
          wanted = editor.view.coordsAtPos(range.from).top - top;
        } catch {
          // A position the view cannot measure yet (not laid out): keep the list's place.
        }
      }
      const push = Math.max(0, Math.round(wanted - Math.max(naturalTop, bottom)));
      element.style.marginTop = push > 0 ? `${push}px` : '';
      bottom = element.offsetTop - margin.offsetTop + element.offsetHeight + 8;
    }
  });
}
