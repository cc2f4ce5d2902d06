import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import pg from 'pg';

/** Scaled-mode test fixtures: a throwaway PostgreSQL schema, a unique Redis prefix, a private redis-server. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const unique = () => `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** A fresh schema; `url` selects it through `search_path`. `drop` removes it and everything in it. */
export async function createTestSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `jointly_scale_${unique()}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      // graphile-worker's schema beside it (jobs/jobQueueSchema.ts), when a server started its queue.
      await admin.query(`drop schema if exists ${schema}_graphile_worker cascade`);
      await admin.end();
    },
  };
}

export const uniqueRedisPrefix = () => `jointly-test-${unique()}:`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own (no persistence), so restarting it disturbs no one else. */
export async function startRedisServer(
  port: number,
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/*
 * Polling until something holds, for tests that wait on another process, a socket or a queue.
 * Timed by performance.now(), not Date: some tests fake Date (the job queue's, the reminders'),
 * and hold it still while they wait.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 25 ms until it holds; fails naming `what` after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  await eventuallyValue(check, (held) => held, what, ms);
}

/** Reads until `ready` accepts what `read` gave, and answers it; fails with the last value after `ms`. */
export async function eventuallyValue<T>(
  read: () => T | Promise<T>,
  ready: (value: T) => boolean,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await pause(25);
  }
}
