import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // One Chromium for the whole run; each spec file connects to it (support/sharedChromium.ts).
    globalSetup: ['src/support/sharedChromium.ts'],
    // A browser scenario with two contexts and a server restart takes seconds, not milliseconds.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // One Chromium at a time on two cores: parallel browsers make timing flaky.
    fileParallelism: false,
    maxWorkers: 1,
    // Files one after another in one worker that keeps its imported modules (playwright-core, axe-core,
    // yjs, pdfjs): re-importing them for every file cost seconds each. Every spec still starts its own
    // server(s) and browser contexts, and support modules hold no state between files.
    isolate: false,
    retry: 0,
  },
});
