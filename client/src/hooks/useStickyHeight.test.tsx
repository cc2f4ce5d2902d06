import { render } from '@testing-library/react';
import { useRef } from 'react';
import { describe, expect, it } from 'vitest';
import { STICKY_TOP_PROPERTY, useStickyHeight } from './useStickyHeight.ts';

function Bar() {
  const ref = useRef<HTMLElement>(null);
  useStickyHeight(ref);
  return <section ref={ref}>Saved</section>;
}

describe('useStickyHeight', () => {
  it('I11-10: publishes the sticky bar’s height for scroll-padding-top, and removes it with the bar', () => {
    const original = HTMLElement.prototype.getBoundingClientRect;
    HTMLElement.prototype.getBoundingClientRect = () =>
      ({ height: 57.4, width: 0, top: 0, left: 0, right: 0, bottom: 0, x: 0, y: 0, toJSON() {} }) as DOMRect;
    try {
      const view = render(<Bar />);
      expect(document.documentElement.style.getPropertyValue(STICKY_TOP_PROPERTY)).toBe('58px');
      view.unmount();
      expect(document.documentElement.style.getPropertyValue(STICKY_TOP_PROPERTY)).toBe('');
    } finally {
      HTMLElement.prototype.getBoundingClientRect = original;
    }
  });
});
