import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// The files share one happy-dom window (isolate: false in vite.config.ts): after each test, unmount
// what it rendered, and put back real timers and empty storage, so no test sees another's leftovers.
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  window.localStorage.clear();
  window.sessionStorage.clear();
});
