import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // A browser scenario with two contexts and a server restart takes seconds, not milliseconds.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // One Chromium at a time on two cores: parallel browsers make timing flaky.
    fileParallelism: false,
    maxWorkers: 1,
    retry: 0,
  },
});
