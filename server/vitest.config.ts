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
  },
});
