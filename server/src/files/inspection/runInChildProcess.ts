import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerJob } from './inspectionWorker.ts';

/**
 * Runs inspection and thumbnail jobs in child processes with a time limit and
 * a heap limit, so a hostile file costs a child, never the server's event
 * loop: past the limit the child is killed (and replaced on the next job).
 * Processes rather than worker threads, because the decoders are native
 * (sharp's libvips, the canvas pdf.js draws on): a crash in one ends its
 * process, which in a thread would be the whole server.
 *
 * At most two children (two cores), each doing one job at a time; others
 * queue. A child is kept for the next job (starting one and loading the
 * parsers costs about a second), retired after RECYCLE_AFTER jobs or when
 * idle, and never keeps the server from exiting.
 *
 * The child is its own module. In the built server esbuild emits it beside
 * main.js (build.mjs lists it as an entry); run from source (tsx, vitest) it
 * is the .ts file, loaded through tsx.
 */

export type ChildOutcome<T> = { ok: true; value: T } | { ok: false; failure: 'timeout' | 'crashed'; message: string };

const MAX_HEAP_MB = 512;
const MAX_CHILDREN = Math.max(1, Math.min(2, availableParallelism()));
const RECYCLE_AFTER = 100;
const IDLE_MS = 60_000;

type Child = {
  process: ChildProcess;
  /** Settles when the child has started (true) or died first (false); a job's clock starts only then, since a file cannot slow a start. */
  ready: Promise<boolean>;
  jobs: number;
  busy: boolean;
  idle: NodeJS.Timeout | null;
  stderr: string;
};

const children: Child[] = [];
const waiting: ((child: Child) => void)[] = [];
let nextId = 1;

function childEntry(): { path: string; execArgv: string[] } {
  const here = import.meta.url;
  const heap = `--max-old-space-size=${MAX_HEAP_MB}`;
  if (!here.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('./files/inspection/inspectionWorker.js', here)), execArgv: [heap] };
  }
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return { path: fileURLToPath(new URL('./inspectionWorker.ts', here)), execArgv: [heap, '--import', tsx] };
}

function spawn(): Child {
  const { path, execArgv } = childEntry();
  const process = fork(path, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const ready = new Promise<boolean>((resolve) => {
    process.once('message', () => resolve(true));
    process.once('exit', () => resolve(false));
    process.once('error', () => resolve(false));
  });
  const child: Child = { process, ready, jobs: 0, busy: false, idle: null, stderr: '' };
  process.stderr?.on('data', (data: Buffer) => {
    child.stderr = (child.stderr + data.toString('utf8')).slice(-2000);
  });
  process.on('exit', () => retire(child));
  process.on('error', () => retire(child));
  release(child, false);
  return child;
}

function retire(child: Child) {
  const index = children.indexOf(child);
  if (index >= 0) children.splice(index, 1);
  if (child.idle) clearTimeout(child.idle);
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  // A queued job may now start a child of its own.
  const next = waiting.shift();
  if (next) acquire().then(next);
}

/** Marks a child free; an idle child neither holds the server open nor lives long. */
function release(child: Child, handOver = true) {
  child.busy = false;
  child.process.unref();
  child.process.channel?.unref();
  if (child.jobs >= RECYCLE_AFTER) return retire(child);
  const next = handOver ? waiting.shift() : undefined;
  if (next) {
    take(child);
    next(child);
    return;
  }
  child.idle = setTimeout(() => retire(child), IDLE_MS);
  child.idle.unref();
}

function take(child: Child) {
  child.busy = true;
  child.jobs++;
  if (child.idle) clearTimeout(child.idle);
  child.idle = null;
  child.process.ref();
  child.process.channel?.ref();
}

function acquire(): Promise<Child> {
  const free = children.find((child) => !child.busy);
  const child = free ?? (children.length < MAX_CHILDREN ? children[children.push(spawn()) - 1] : undefined);
  if (!child) return new Promise((resolve) => waiting.push(resolve));
  take(child);
  return Promise.resolve(child);
}

export async function runInChildProcess<T>(job: WorkerJob, timeoutMs: number): Promise<ChildOutcome<T>> {
  const child = await acquire();
  const id = nextId++;
  if (!(await child.ready)) {
    retire(child);
    return { ok: false, failure: 'crashed', message: `could not start: ${child.stderr.slice(-500)}` };
  }
  return new Promise<ChildOutcome<T>>((resolve) => {
    let settled = false;
    const settle = (outcome: ChildOutcome<T>, healthy: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
      resolve(outcome);
      if (healthy) release(child);
      else retire(child);
    };
    const onMessage = (message: { id: number; answer: T }) => {
      if (message.id === id) settle({ ok: true, value: message.answer }, true);
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(
        { ok: false, failure: 'crashed', message: `exited (${signal ?? code}) ${child.stderr.slice(-500)}` },
        false,
      );
    const timer = setTimeout(
      () => settle({ ok: false, failure: 'timeout', message: `over ${timeoutMs} ms` }, false),
      timeoutMs,
    );
    child.process.on('message', onMessage);
    child.process.on('exit', onExit);
    child.process.send({ id, job }, (err) => {
      if (err) settle({ ok: false, failure: 'crashed', message: String(err) }, false);
    });
  });
}
