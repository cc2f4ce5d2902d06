import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A server under test running as a child process, so its RSS and CPU are its
 * own and it never shares an event loop with the clients. Both servers print
 * a JSON line `{"message":"listening","port":N}` once they accept connections.
 * Their log lines are tallied (by level and message) so the report can show
 * errors, warnings and closes seen under load.
 */

export type LogTally = {
  lines: number;
  byLevel: Record<string, number>;
  /** The most frequent messages at warn or above, with counts. */
  problems: Record<string, number>;
  /** The first lines of each distinct warn/error message and of plain output, verbatim (truncated). */
  samples: string[];
  /** Lines that were not JSON (stack traces, console.log output). */
  plainLines: number;
};

export type ChildServer = {
  name: string;
  pid: number;
  port: number;
  origin: string;
  wsUrl: string;
  log: LogTally;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the process exits on its own or is stopped. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Reset the tally (called before each measured window). */
  resetLog(): void;
  /** Parsed log lines whose message is in `capture` (see startChildServer), in order. */
  captured: Record<string, unknown>[];
  /** With --profile: where its CPU profiles and loop-delay.json are written when it exits. */
  profileDir: string | null;
  /** With --profile: SIGUSR2, which marks the measured window's start, then its end (loopDelayRecorder.mjs). */
  markWindow(): void;
};

/** Lines kept verbatim per distinct problem message, and of plain (non-JSON) output. */
const SAMPLES_PER_PROBLEM = 2;
const MAX_PLAIN_SAMPLES = 10;

/** Every child still running, so an interrupted benchmark leaves no server behind. */
const running = new Set<ChildProcess>();

/** Kills every child process this module started (synchronous: safe in an 'exit' handler). */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function emptyTally(): LogTally {
  return { lines: 0, byLevel: {}, problems: {}, samples: [], plainLines: 0 };
}

/** The tallies of several processes as one (the scaled configuration's processes together). */
export function mergeLogTallies(tallies: LogTally[]): LogTally {
  const merged = emptyTally();
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  };
  for (const tally of tallies) {
    merged.lines += tally.lines;
    merged.plainLines += tally.plainLines;
    add(merged.byLevel, tally.byLevel);
    add(merged.problems, tally.problems);
    merged.samples.push(...tally.samples);
  }
  return merged;
}

function tallyLine(
  tally: LogTally,
  line: string,
  capture: ReadonlySet<string>,
  captured: Record<string, unknown>[],
): { message?: string; port?: number } | null {
  if (!line.trim()) return null;
  tally.lines++;
  let parsed: Record<string, unknown> | null = null;
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    parsed = null;
  }
  if (!parsed) {
    tally.plainLines++;
    if (tally.plainLines <= MAX_PLAIN_SAMPLES) tally.samples.push(line.slice(0, 500));
    return null;
  }
  const level = typeof parsed.level === 'string' ? parsed.level : 'none';
  tally.byLevel[level] = (tally.byLevel[level] ?? 0) + 1;
  const message = typeof parsed.message === 'string' ? parsed.message : undefined;
  if (message !== undefined && capture.has(message)) captured.push(parsed);
  if (level === 'warn' || level === 'error' || level === 'fatal') {
    const key = `${level}: ${message ?? '?'}`;
    tally.problems[key] = (tally.problems[key] ?? 0) + 1;
    if ((tally.problems[key] as number) <= SAMPLES_PER_PROBLEM) tally.samples.push(line.slice(0, 1000));
  }
  return { message, port: typeof parsed.port === 'number' ? parsed.port : undefined };
}

export async function startChildServer(options: {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** The socket path prefix: the y-websocket serverUrl is `${origin}${wsPath}`. */
  wsPath: string;
  startTimeoutMs?: number;
  /** Log messages to keep whole (e.g. a debug line with a timing). */
  capture?: string[];
  profileDir?: string | null;
}): Promise<ChildServer> {
  const capture = new Set(options.capture ?? []);
  const captured: Record<string, unknown>[] = [];
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = emptyTally();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} did not log "listening" within ${options.startTimeoutMs ?? 20_000} ms`)),
      options.startTimeoutMs ?? 20_000,
    );
    const onLine = (line: string) => {
      const parsed = tallyLine(log, line, capture, captured);
      if (parsed?.message === 'listening' && parsed.port !== undefined) {
        clearTimeout(timer);
        resolve(parsed.port);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', onLine);
    }
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${options.name} exited before listening (code ${code}, signal ${signal}): ${log.samples.join(' | ') || 'no output'}`,
        ),
      );
    });
  });

  const origin = `http://127.0.0.1:${port}`;
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  return {
    name: options.name,
    pid: child.pid as number,
    port,
    origin,
    wsUrl: `ws://127.0.0.1:${port}${options.wsPath}`,
    get log() {
      return log;
    },
    exited,
    captured,
    profileDir: options.profileDir ?? null,
    markWindow() {
      if (options.profileDir && child.exitCode === null && child.signalCode === null) child.kill('SIGUSR2');
    },
    resetLog() {
      log = emptyTally();
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const result = await exited;
          clearTimeout(timer);
          return result;
        }
        return exited;
      })();
      return stopping;
    },
  };
}
