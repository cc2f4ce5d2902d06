import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { promisify } from 'node:util';

/**
 * Scaled mode's shared services for a scenario: this machine's PostgreSQL
 * (a throwaway schema, created and dropped with `psql`) and Redis (a unique
 * channel prefix). `scripts/ensure-services.sh`, run by the test command,
 * starts both; the same defaults and variables as server/src/scale/testing.ts.
 */
export const E2E_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const E2E_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const run = promisify(execFile);
const unique = () => `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const START_THEM = 'Start it with scripts/ensure-services.sh (the test command does).';

async function psql(url: string, sql: string): Promise<string> {
  const { stdout } = await run('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    timeout: 10_000,
  });
  return stdout.trim();
}

/** Sends PING to Redis and resolves when it answers PONG. */
function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let answer = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (!answer.includes('\r\n')) return;
      socket.end();
      if (answer.startsWith('+PONG')) resolve();
      else reject(new Error(`answered ${JSON.stringify(answer.trim())}`));
    });
  });
}

/** Throws (so the scenario fails, never skips) unless both PostgreSQL and Redis answer. */
export async function requireScaledServices(): Promise<void> {
  const problems: string[] = [];
  await Promise.all([
    psql(E2E_DATABASE_URL, 'select 1').catch((error: Error & { stderr?: string; code?: unknown }) => {
      if (error.code === 'ENOENT') return problems.push('psql is not installed (apt-get install postgresql-client).');
      const why = (error.stderr || error.message).trim().split('\n')[0];
      problems.push(`PostgreSQL is not reachable at ${E2E_DATABASE_URL} (${why}). ${START_THEM}`);
    }),
    pingRedis(E2E_REDIS_URL).catch((error: Error) => {
      problems.push(`Redis is not reachable at ${E2E_REDIS_URL} (${error.message}). ${START_THEM}`);
    }),
  ]);
  if (problems.length > 0) throw new Error(`Scaled-mode scenario needs its services:\n${problems.join('\n')}`);
}

export type ScaledEnvironment = {
  /** Environment every process gets: one schema, one Redis prefix, no PUBLIC_URL. */
  env: Record<string, string | undefined>;
  schema: string;
  /** Drops the schema and everything in it (after the processes stopped). */
  drop(): Promise<void>;
};

/**
 * A fresh PostgreSQL schema (selected through `search_path` in DATABASE_URL)
 * and a unique REDIS_PREFIX. PUBLIC_URL is unset, so each process checks
 * Origin against its own host: each browser uses its own process's origin.
 */
export async function createScaledEnvironment(): Promise<ScaledEnvironment> {
  const schema = `jointly_e2e_${unique()}`;
  await psql(E2E_DATABASE_URL, `create schema ${schema}`);
  const url = new URL(E2E_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    env: {
      DATABASE_URL: url.toString(),
      REDIS_URL: E2E_REDIS_URL,
      REDIS_PREFIX: `jointly-e2e-${unique()}:`,
      PUBLIC_URL: undefined,
    },
    drop: async () => {
      await psql(E2E_DATABASE_URL, `drop schema if exists ${schema} cascade`);
    },
  };
}
