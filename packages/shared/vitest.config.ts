import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Pure functions without module state or stubs: one module graph for all files (10 s → 2 s).
    isolate: false,
  },
});
