import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** The built server; E2E_SERVER_ENTRY points at another bundle (e.g. a work-in-progress build). */
const SERVER_ENTRY = process.env.E2E_SERVER_ENTRY ?? path.join(ROOT, 'server/dist/main.js');
const CLIENT_DIST = path.join(ROOT, 'client/dist');

export type JointlyProcess = {
  origin: string;
  port: number;
  dataDir: string;
  /** Stops the process (SIGTERM, or SIGKILL to simulate a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a new process on the same port and data directory. */
  restart(): Promise<JointlyProcess>;
  /** The `message` of every JSON log line this process wrote so far (e.g. to check nothing was closed as a flood). */
  logMessages(): string[];
};

export type StartOptions = {
  dataDir?: string;
  port?: number;
  /** Added to (or, with `undefined`, removed from) the inherited environment, e.g. DATABASE_URL for scaled mode. */
  env?: Record<string, string | undefined>;
  /** Prefix of this process's log lines under E2E_SERVER_LOGS (to tell several processes apart). */
  name?: string;
};

/**
 * Runs the built server (`pnpm build`) as a child process, exactly as
 * `pnpm start` does, with its own temporary data directory. Several may run
 * at once (scaled mode: each with the same DATABASE_URL and REDIS_URL).
 */
export async function startJointly(options: StartOptions = {}): Promise<JointlyProcess> {
  if (!fs.existsSync(SERVER_ENTRY) || !fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error('Build Jointly first (pnpm build): server/dist or client/dist is missing.');
  }
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-e2e-'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIST_DIR: CLIENT_DIST,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const messages: string[] = [];
  const port = await waitForListening(child, options.name ?? 'server', messages);
  const origin = `http://127.0.0.1:${port}`;
  const handle: JointlyProcess = {
    origin,
    port,
    dataDir,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      await exited;
    },
    async restart() {
      await handle.stop();
      return startJointly({ ...options, dataDir, port });
    },
    logMessages: () => [...messages],
  };
  return handle;
}

/** Resolves with the port from the server's `listening` log line; rejects if it exits first. */
function waitForListening(child: ChildProcess, name: string, messages: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stderr! });
    const timer = setTimeout(() => reject(new Error('Jointly did not start within 20 s')), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Jointly exited with ${code} before listening`));
    });
    lines.on('line', (line) => {
      if (process.env.E2E_SERVER_LOGS) process.stderr.write(`[${name}] ${line}\n`);
      try {
        const entry = JSON.parse(line) as { message?: string; port?: number };
        if (typeof entry.message === 'string') messages.push(entry.message);
        if (entry.message === 'listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // Not a JSON log line: ignore.
      }
    });
  });
}
