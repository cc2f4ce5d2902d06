import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Unmount what each component test rendered, so tests do not see each other's DOM.
afterEach(() => {
  cleanup();
});
