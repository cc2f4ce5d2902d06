/**
 * The benchmark's settings: the only module that reads `process.env` and the
 * command line. Every setting has an env variable and a `--flag=value` form
 * (the flag wins); `--quick` shrinks the defaults for a smoke run.
 */

export const SCENARIOS = [
  'propagation',
  'crowd',
  'first-sync',
  'evidence-files',
  'bundle',
  'capacity',
  'kill-burst',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
/** What runs without --only: the capacity search (several minutes per server) only when named. */
const DEFAULT_SCENARIOS = SCENARIOS.filter((s) => s !== 'capacity');
/**
 * `jointly`: one process on its embedded SQLite. `jointly-scaled`: `processes`
 * identical processes sharing PostgreSQL and Redis (scaled mode), editors of
 * a room spread over them. `reference`: @y/websocket-server.
 */
export const SERVERS = ['jointly', 'jointly-scaled', 'reference'] as const;
export type ServerName = (typeof SERVERS)[number];

export type BenchOptions = {
  /** Measured seconds of editing per propagation scenario. */
  durationS: number;
  /** Seconds of editing before measuring starts (connections warm, JIT warm). */
  warmupS: number;
  /** Seconds to wait after the last edit for stragglers before counting them lost. */
  drainS: number;
  entries: number;
  editorsPerEntry: number;
  editsPerSecond: number;
  /** Editors in the single crowded entry (scenario "crowd"). */
  crowdEditors: number;
  /** Accounts created on Jointly; each entry gets distinct members from this pool. */
  users: number;
  /** Loopback source addresses the clients spread over (127.0.0.1 … 127.0.0.N). */
  sourceIps: number;
  /** Also move the caret (an awareness update) with every edit, as a real editor does. */
  cursor: boolean;
  firstSyncUpdates: number;
  /** Cold first syncs measured, each after its own server restart. */
  firstSyncRuns: number;
  /**
   * How the stored updates are written: `store` (the server's DocStore, offline, compacting as a room
   * does), `raw` (the DocStore, never compacted) or `socket` (a live client).
   */
  firstSyncMode: 'store' | 'raw' | 'socket';
  /** Each propagation scenario runs this many times per server, alternating servers (noise check). */
  rounds: number;
  only: ScenarioName[];
  servers: ServerName[];
  /** The Jointly entry point to run (default server/dist/main.js); a .ts/.mts file runs under tsx. */
  jointlyMain: string;
  /** Where the repository lives (the server and client builds are read from it). */
  rootDir: string;
  resultsDir: string;
  /**
   * Before each measured run, wait up to this many seconds for the machine to be quiet (Linux
   * pressure stall information); 0 never waits. Other workloads on 2 cores swamp the figures.
   */
  quietWaitS: number;
  /** Keep the Jointly data directories (printed) instead of deleting them. */
  keepData: boolean;
  /**
   * Run each server under `node --cpu-prof` with the event-loop delay recorder preloaded; profiles
   * and loop-delay.json under bench/results/profiles/<run>/ (summarised by src/profileSummary.ts).
   */
  profile: boolean;
  /** capacity: editors of the first step, the most tried, and the p99 (ms) a step must stay within. */
  capacityStart: number;
  capacityMax: number;
  capacityP99Ms: number;
  /** capacity: measured seconds per step. */
  capacityDurationS: number;
  /** kill-burst: updates in the burst the processes are killed in the middle of. */
  burstUpdates: number;
  /** Jointly processes in the scaled configuration (`jointly-scaled`). */
  processes: number;
  /** PostgreSQL for `jointly-scaled`: a fresh schema is created in it for each run and dropped afterwards. */
  databaseUrl: string;
  /** Redis for `jointly-scaled`: a unique channel prefix per run. */
  redisUrl: string;
  /** evidence-files: PDFs per upload run (one run one at a time, one run `uploadConcurrency` at once). */
  uploadFiles: number;
  /** evidence-files: size of each uploaded PDF, MiB. */
  uploadMiB: number;
  uploadConcurrency: number;
  /** evidence-files: times the evidence document is built (GET …/export/evidence.pdf). */
  evidenceExportRuns: number;
};

const QUICK: Partial<Record<string, string>> = {
  duration: '5',
  warmup: '1',
  entries: '10',
  'crowd-editors': '20',
  'first-sync-updates': '20000',
  'first-sync-runs': '2',
  'upload-files': '4',
  'evidence-exports': '2',
};

function readArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg} (flags look like --duration=5)`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      args.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        args.set(arg.slice(2), next);
        i++;
      } else {
        args.set(arg.slice(2), 'true');
      }
    }
  }
  return args;
}

export function loadOptions(
  argv: string[] = process.argv.slice(2),
  env: Record<string, string | undefined> = process.env,
  rootDir = new URL('../..', import.meta.url).pathname.replace(/\/$/, ''),
): BenchOptions {
  const args = readArgs(argv);
  const quick = args.get('quick') === 'true' || env.BENCH_QUICK === '1';
  const used = new Set<string>();

  const raw = (flag: string): string | undefined => {
    used.add(flag);
    const envName = `BENCH_${flag.toUpperCase().replaceAll('-', '_')}`;
    return args.get(flag) ?? env[envName] ?? (quick ? QUICK[flag] : undefined);
  };
  const num = (flag: string, fallback: number, min: number, max: number): number => {
    const text = raw(flag);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${flag} must be a number from ${min} to ${max}, got ${text}`);
    }
    return value;
  };
  const bool = (flag: string): boolean => ['1', 'true', 'yes'].includes((raw(flag) ?? '').toLowerCase());
  const list = <T extends string>(flag: string, allowed: readonly T[], byDefault: readonly T[] = allowed): T[] => {
    const text = raw(flag);
    if (text === undefined || text === '' || text === 'all') return [...byDefault];
    const names = text.split(',').map((s) => s.trim());
    for (const name of names) {
      if (!allowed.includes(name as T))
        throw new Error(`--${flag}: unknown ${name}; choose from ${allowed.join(', ')}`);
    }
    return names as T[];
  };

  const firstSyncMode = raw('first-sync-mode') ?? 'store';
  if (firstSyncMode !== 'store' && firstSyncMode !== 'raw' && firstSyncMode !== 'socket') {
    throw new Error(`--first-sync-mode must be store, raw or socket, got ${firstSyncMode}`);
  }

  const options: BenchOptions = {
    durationS: num('duration', 20, 1, 3600),
    warmupS: num('warmup', 2, 0, 600),
    drainS: num('drain', 5, 1, 120),
    entries: Math.floor(num('entries', 50, 1, 1000)),
    editorsPerEntry: Math.floor(num('editors-per-entry', 4, 2, 100)),
    editsPerSecond: num('edits-per-second', 2, 0.1, 100),
    crowdEditors: Math.floor(num('crowd-editors', 50, 2, 500)),
    users: Math.floor(num('users', 20, 2, 200)),
    sourceIps: Math.floor(num('source-ips', 4, 1, 250)),
    cursor: bool('cursor'),
    firstSyncUpdates: Math.floor(num('first-sync-updates', 100_000, 1, 10_000_000)),
    firstSyncRuns: Math.floor(num('first-sync-runs', 3, 1, 20)),
    firstSyncMode,
    rounds: Math.floor(num('rounds', 1, 1, 20)),
    only: list('only', SCENARIOS, DEFAULT_SCENARIOS),
    servers: list('servers', SERVERS),
    jointlyMain: raw('jointly-main') ?? `${rootDir}/server/dist/main.js`,
    rootDir,
    resultsDir: `${rootDir}/bench/results`,
    keepData: bool('keep-data'),
    profile: bool('profile'),
    quietWaitS: num('quiet-wait', 0, 0, 7200),
    processes: Math.floor(num('processes', 2, 2, 8)),
    capacityStart: Math.floor(num('capacity-start', 100, 4, 5000)),
    capacityMax: Math.floor(num('capacity-max', 1000, 4, 5000)),
    capacityP99Ms: num('capacity-p99-ms', 50, 1, 10_000),
    capacityDurationS: num('capacity-duration', 10, 1, 600),
    burstUpdates: Math.floor(num('burst-updates', 5000, 100, 100_000)),
    databaseUrl: raw('database-url') ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: raw('redis-url') ?? 'redis://127.0.0.1:6379',
    uploadFiles: Math.floor(num('upload-files', 10, 1, 100)),
    // Under the server's default 20 MiB per file.
    uploadMiB: num('upload-mib', 5, 0.1, 19),
    uploadConcurrency: Math.floor(num('upload-concurrency', 4, 1, 32)),
    evidenceExportRuns: Math.floor(num('evidence-exports', 3, 1, 20)),
  };
  // Each upload run has an entry of its own; the server's default quota is 200 MiB per entry.
  if (options.uploadFiles * options.uploadMiB > 190) {
    throw new Error(
      `--upload-files × --upload-mib is ${options.uploadFiles * options.uploadMiB} MiB; keep it under 190 (the entry quota is 200 MiB)`,
    );
  }
  used.add('quick');
  for (const flag of args.keys()) {
    if (!used.has(flag)) throw new Error(`Unknown flag --${flag}`);
  }
  return options;
}
