import { defineConfig } from 'vitest/config';

/**
 * Tests that assert wall-clock bounds (the event loop, /healthz and another member's round trip
 * under 100 ms while hostile traffic arrives). Beside another test file in the second worker they
 * measure that file's load as well, so `pnpm test` runs them afterwards, alone.
 */
const TIMING_TESTS = [
  'src/collab/collabHostile.integration.test.ts',
  'src/collab/collabPartialMessages.integration.test.ts',
  'src/collab/collabSchema.integration.test.ts',
];

/** `JOINTLY_TESTS=rest`: all but the timing tests; `timing`: only those, one file at a time; unset: all. */
const only = process.env.JOINTLY_TESTS;

export default defineConfig({
  test: {
    include: only === 'timing' ? TIMING_TESTS : ['src/**/*.test.ts'],
    exclude: only === 'rest' ? ['**/node_modules/**', ...TIMING_TESTS] : ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers and databases; two cores, so keep the pool small.
    maxWorkers: only === 'timing' ? 1 : 2,
    // Each worker keeps the modules it imported from one file to the next: re-importing the server
    // (Hono, Kysely, pdfkit, fontkit, Yjs) for each of some 170 files cost more than the tests
    // themselves (all but the timing tests: 310 s, where an isolated run of every file had taken
    // 825 s at a higher load). Files share no state through modules: no test mocks
    // or stubs a module, the environment or a global, and each starts its own servers and databases.
    isolate: false,
  },
});
