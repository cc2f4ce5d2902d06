import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/** A Jointly server running as a child process, for tests that kill it with SIGKILL. */
export type ChildServer = { process: ChildProcess; origin: string; wsUrl: string };

const serverDir = path.resolve(import.meta.dirname, '../..');

/**
 * Starts the server as a child process on `dataDir` (plus `env`, e.g. DATABASE_URL and REDIS_URL
 * for scaled mode) and resolves once it logs
 * `listening` with its port. Node runs the TypeScript through tsx's loader
 * (not the tsx CLI, whose extra process would survive a SIGKILL of the server).
 */
export async function startChildServer(
  dataDir: string,
  env: Record<string, string> = {},
  /** How long it may take to log `listening` (a loaded machine may need longer). */
  startTimeoutMs = 20_000,
): Promise<ChildServer> {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      CLIENT_DIST_DIR: path.join(dataDir, 'no-client'),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr! });
  // The last lines it logged, so a server that fails to start says why in the test's error.
  const recent: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${recent.join('\n')}`)), startTimeoutMs);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${recent.join('\n')}`)));
    lines.on('line', (line) => {
      recent.push(line.slice(0, 2000));
      if (recent.length > 20) recent.shift();
      try {
        const entry = JSON.parse(line) as { message?: string; port?: number };
        if (entry.message === 'listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // Not a JSON log line.
      }
    });
  });
  return { process: child, origin: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/collab` };
}

/** SIGKILL, resolved once the process is gone. */
export function kill9(child: ChildServer): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    child.process.once('exit', () => resolve());
    child.process.kill('SIGKILL');
  });
}
