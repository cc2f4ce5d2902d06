import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';
import pg from 'pg';

/**
 * The shared services of `jointly-scaled` (Jointly's scaled mode): a fresh
 * PostgreSQL schema, selected through `search_path` in DATABASE_URL, and a
 * unique REDIS_PREFIX, so a run shares nothing with other runs or tests on
 * the same PostgreSQL and Redis. Schemas are registered so an interrupted run
 * drops them too (dropAllSchemasSync runs in the process 'exit' handler), as
 * tempDirs.ts does for DATA_DIRs.
 */

const START_THEM = 'start it with scripts/ensure-services.sh';
const CONNECT_TIMEOUT_MS = 5000;

/** Schemas created and not yet dropped, with the URL they were created through. */
const created = new Map<string, string>();

const unique = () => `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

const clientOf = (url: string) =>
  new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, lock_timeout: 10_000 });

/** Runs statements on one short-lived connection. */
async function execute(url: string, statements: string[]): Promise<void> {
  const client = clientOf(url);
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One Redis command in RESP (binary-safe, so a password may hold any character). */
function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Sends PING (after AUTH when the URL carries credentials) and resolves when Redis answers PONG. */
function pingRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') return Promise.resolve(); // rediss:// etc.: the server reports it
  const commands: string[][] = [];
  if (parsed.password) {
    const password = decodeURIComponent(parsed.password);
    commands.push(parsed.username ? ['AUTH', decodeURIComponent(parsed.username), password] : ['AUTH', password]);
  }
  commands.push(['PING']);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: parsed.hostname, port: Number(parsed.port || 6379) });
    let answer = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(commands.map(resp).join('')));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      const lines = answer.split('\r\n');
      if (lines.length <= commands.length) return; // not every reply is complete yet
      socket.end();
      const replies = lines.slice(0, commands.length);
      const refused = replies.find((line) => line.startsWith('-'));
      if (refused) reject(new Error(`answered ${JSON.stringify(refused)}`));
      else if (replies.at(-1) === '+PONG') resolve();
      else reject(new Error(`answered ${JSON.stringify(replies.join(' '))}`));
    });
  });
}

export type ScaledEnvironment = {
  schema: string;
  /** What every Jointly process of the run gets: one schema, one Redis prefix (PUBLIC_URL stays unset). */
  env: { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string };
  /** Drops the schema and everything in it; call after the processes stopped. */
  drop(): Promise<void>;
};

/**
 * Checks that PostgreSQL and Redis answer (throws one message naming each
 * that does not), then creates a fresh schema and picks a unique Redis prefix.
 */
export async function createScaledEnvironment(options: {
  databaseUrl: string;
  redisUrl: string;
}): Promise<ScaledEnvironment> {
  const { databaseUrl, redisUrl } = options;
  const problems: string[] = [];
  const why = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];
  await Promise.all([
    execute(databaseUrl, ['select 1']).catch((error: unknown) => {
      problems.push(`PostgreSQL not reachable at ${redactUrl(databaseUrl)}: ${START_THEM} (${why(error)})`);
    }),
    pingRedis(redisUrl).catch((error: unknown) => {
      problems.push(`Redis not reachable at ${redactUrl(redisUrl)}: ${START_THEM} (${why(error)})`);
    }),
  ]);
  if (problems.length > 0) throw new Error(problems.join('; '));

  const schema = `jointly_bench_${unique()}`;
  await execute(databaseUrl, [`create schema "${schema}"`]);
  created.set(schema, databaseUrl);
  const url = new URL(databaseUrl);
  // Keeps whatever settings the given URL passes (e.g. `-c synchronous_commit=off`).
  const given = url.searchParams.get('options');
  url.searchParams.set('options', `${given ? `${given} ` : ''}-c search_path=${schema}`);
  return {
    schema,
    env: { DATABASE_URL: url.toString(), REDIS_URL: redisUrl, REDIS_PREFIX: `jointly-bench-${unique()}:` },
    drop: async () => {
      await execute(databaseUrl, [`drop schema if exists "${schema}" cascade`]);
      created.delete(schema);
    },
  };
}

/**
 * Drops every schema still registered, synchronously (a child node process
 * using `pg`), so it can run in an 'exit' handler after the servers were
 * killed. Best effort: says on stderr what it could not drop.
 */
export function dropAllSchemasSync(): void {
  if (created.size === 0) return;
  const pgMain = createRequire(import.meta.url).resolve('pg');
  const script = `
    const pg = require(${JSON.stringify(pgMain)});
    const [url, schema] = process.argv.slice(1);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, lock_timeout: 10000 });
    client.connect()
      .then(() => client.query('drop schema if exists "' + schema + '" cascade'))
      .then(() => client.end())
      .catch((error) => { console.error(error.message); process.exit(1); });
  `;
  for (const [schema, url] of created) {
    const result = spawnSync(process.execPath, ['-e', script, url, schema], { timeout: 20_000, encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(
        `could not drop schema ${schema} at ${redactUrl(url)}: ${(result.stderr || String(result.error ?? result.signal)).trim()}\n`,
      );
    }
  }
  created.clear();
}
