import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';

/** A database an integration test's server runs on: the environment that selects it, and its removal. */
export type TestDatabase = { env: Record<string, string>; drop(): Promise<void> };

/**
 * The two databases the integration tests run on, for `describe.each`: SQLite (the default, in
 * the test server's own data directory) and a fresh schema of the test PostgreSQL.
 */
export const TEST_DATABASES: [name: string, open: () => Promise<TestDatabase>][] = [
  ['SQLite', async () => ({ env: {}, drop: async () => {} })],
  [
    'PostgreSQL',
    async () => {
      const schema = await createTestSchema();
      return { env: { DATABASE_URL: schema.url }, drop: () => schema.drop() };
    },
  ],
];

/**
 * The same pair with Redis beside PostgreSQL (the scaled mode: limits and events shared through
 * it), for tests of what Redis carries; each run gets its own key prefix.
 */
export const TEST_DATABASES_WITH_REDIS: [name: string, open: () => Promise<TestDatabase>][] = [
  ['SQLite', async () => ({ env: {}, drop: async () => {} })],
  [
    'PostgreSQL and Redis',
    async () => {
      const schema = await createTestSchema();
      return {
        env: { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() },
        drop: () => schema.drop(),
      };
    },
  ],
];
