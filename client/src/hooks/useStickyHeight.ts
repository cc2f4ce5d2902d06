import { type RefObject, useEffect } from 'react';

/** The CSS custom property on <html> that `scroll-padding-top` reads (app.css). */
export const STICKY_TOP_PROPERTY = '--jointly-sticky-top';

/**
 * Publishes the height of a sticky bar at the top of the page as
 * `--jointly-sticky-top` on <html>, kept up to date as it wraps (zoom, phone
 * width, a longer message), so whatever takes focus is scrolled clear of it
 * (WCAG 2.2 2.4.11, focus not obscured). Removed when the bar goes.
 */
export function useStickyHeight(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const root = document.documentElement;
    const publish = () =>
      root.style.setProperty(STICKY_TOP_PROPERTY, `${Math.ceil(element.getBoundingClientRect().height)}px`);
    publish();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(publish) : null;
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      root.style.removeProperty(STICKY_TOP_PROPERTY);
    };
  }, [ref]);
}
