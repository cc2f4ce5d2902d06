import { readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOOP_DELAY_FILE } from './profiling.ts';
import { fmt, table } from './report.ts';

/**
 * Where a server's CPU time went, from the .cpuprofile files `--profile`
 * wrote (V8's sampling profiler: one sample about every millisecond, with the
 * whole stack). Usage:
 *
 *   npx tsx src/profileSummary.ts <profile dir or .cpuprofile files> [--whole]
 *
 * Each sample's time goes to one category, chosen by the INNERMOST frame of
 * Jointly's own source on its stack (the bundled server/dist/main.js mapped
 * back to server/src through its source map), so time spent inside Yjs, lib0
 * or Kysely counts for the Jointly code that called it. A sample with no
 * Jointly frame is classed by its own frame's package (ws, kysely, pg, yjs …)
 * or as V8's garbage collector / "(program)" (native work outside any
 * JavaScript: socket reads and writes, libuv). Idle time is left out of the
 * shares. With loop-delay.json beside the profile, only the samples taken in
 * the measured window count (unless --whole). Rules are by file and function
 * name: approximate, and "other" names what no rule matched.
 */

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export const CATEGORIES = [
  'decode and validation',
  'Y.Doc apply',
  'contribution walk',
  'group commit + SQLite/PostgreSQL',
  'relay encoding and sending',
  'cross-process relay (Redis)',
  'awareness',
  'WebSocket receive (ws, no Jointly frame)',
  'GC',
  'native / (program)',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

type Frame = { file: string; fn: string };

/** Category of a Jointly source frame (file relative to server/src), or null to look further out. */
function jointlyCategory({ file, fn }: Frame): Category | null {
  const base = path.basename(file);
  if (base === 'PendingBatch.ts') {
    if (fn.includes('deliver')) return 'relay encoding and sending';
    if (fn.includes('attribute') || fn.includes('add')) return 'contribution walk';
    return 'group commit + SQLite/PostgreSQL';
  }
  if (/^(RoomAwareness|awarenessFilter|cleanAwarenessState)\.ts$/.test(base) || /awareness/i.test(fn))
    return 'awareness';
  if (base === 'messages.ts') return fn.startsWith('parse') ? 'decode and validation' : 'relay encoding and sending';
  if (
    file.includes('collab/admission/') ||
    /^(updateValidator|partialMessages|WriteGate|mayWrite|describeTransaction|ProtocolError)\.ts$/.test(base)
  )
    return 'decode and validation';
  if (base === 'CollabConnection.ts') {
    // `uncork` is where the frames corked by `send` are written.
    return fn === 'send' || fn === 'uncork' ? 'relay encoding and sending' : 'decode and validation';
  }
  if (base === 'RoomWriter.ts') {
    if (fn.includes('applyQueued') || fn.includes('applyDurable')) return 'Y.Doc apply';
    if (fn.includes('onDocUpdate')) return 'relay encoding and sending';
    return 'group commit + SQLite/PostgreSQL';
  }
  if (
    /^(GroupCommitter|ColdStart|walCheckpointer|sqliteGroupWrite|writeGroupCommit|insertLogRows|storedDocumentReads)\.ts$/.test(
      base,
    ) ||
    base.startsWith('docStore') ||
    file.startsWith('db/')
  )
    return 'group commit + SQLite/PostgreSQL';
  if (/^(docRelay|RelayFollower)\.ts$/.test(base) || file.startsWith('scale/')) return 'cross-process relay (Redis)';
  return null;
}

/** Category of a frame outside Jointly's source, when no Jointly frame is on the stack. */
function foreignCategory(frame: CallFrame): Category {
  const { functionName, url } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'native / (program)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === 'ws') return 'WebSocket receive (ws, no Jointly frame)';
  if (pkg && /^(kysely|better-sqlite3|pg|pg-protocol|pg-pool)$/.test(pkg)) return 'group commit + SQLite/PostgreSQL';
  if (pkg && /^(ioredis|redis|@redis\/.*)$/.test(pkg)) return 'cross-process relay (Redis)';
  return 'other';
}

type Resolver = (frame: CallFrame) => Frame | null;

/** Maps a frame of the bundled server back to server/src through main.js.map; null if not Jointly's own. */
function makeResolver(): Resolver {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      let map: SourceMap | null = null;
      try {
        const file = fileURLToPath(url);
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    return maps.get(url) ?? null;
  };
  return (frame) => {
    const { url } = frame;
    const direct = /\/server\/src\/(.+\.ts)$/.exec(url);
    if (direct) return { file: direct[1] as string, fn: frame.functionName };
    // A copy beside dist (server/dist-before, for --jointly-main) maps the same way.
    if (!/\/server\/dist[^/]*\/[^/]+\.js$/.test(url)) return null;
    const map = mapFor(url);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
      | { originalSource?: string; name?: string }
      | undefined;
    const source = entry?.originalSource ?? '';
    const inSrc = /(?:^|\/)server\/src\/(.+)$/.exec(source) ?? /^(?:\.\.\/)*src\/(.+)$/.exec(source);
    if (!inSrc) return null;
    return { file: inSrc[1] as string, fn: frame.functionName };
  };
}

export type ProfileBreakdown = {
  files: string[];
  /** Milliseconds of non-idle samples counted. */
  busyMs: number;
  idleMs: number;
  /** The span the counted samples cover (the window, or the whole profile). */
  spanMs: number;
  covers: string;
  byCategory: Record<Category, number>;
  /** The same, main thread only (the event loop: what delays deliveries); workers are the rest. */
  mainThreadByCategory: Record<Category, number>;
  /** The heaviest Jointly functions by the time attributed to them (innermost Jointly frame). */
  topJointly: { frame: string; category: Category; ms: number }[];
  /** What "other" is made of: the sample's own frame, heaviest first. */
  topOther: { frame: string; ms: number }[];
};

export function summarizeProfiles(files: string[], window: { fromUs: number; toUs: number } | null): ProfileBreakdown {
  const resolve = makeResolver();
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const mainThreadByCategory = { ...byCategory };
  const jointly = new Map<string, { category: Category; us: number }>();
  const other = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  let spanUs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    // node names the files CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main one.
    const mainThread = /\.\d+\.0\.\d+\.cpuprofile$/.test(file);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    // Per node: its category and the Jointly frame that decided it (memoised: stacks repeat).
    const decided = new Map<number, { category: Category; label: string | null }>();
    const decide = (id: number) => {
      const known = decided.get(id);
      if (known) return known;
      const self = byId.get(id) as ProfileNode;
      let result: { category: Category; label: string | null } | null = null;
      for (let at: number | undefined = id; at !== undefined && !result; at = parent.get(at)) {
        const frame = resolve((byId.get(at) as ProfileNode).callFrame);
        if (!frame) continue;
        const category = jointlyCategory(frame);
        if (category) result = { category, label: `${frame.fn || '(anonymous)'} ${frame.file}` };
      }
      result ??= { category: foreignCategory(self.callFrame), label: null };
      decided.set(id, result);
      return result;
    };
    let t = profile.startTime;
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      t += delta;
      if (window && (t < window.fromUs || t > window.toUs)) return;
      first = Math.min(first, t);
      last = Math.max(last, t);
      const node = byId.get(id) as ProfileNode;
      if (node.callFrame.functionName === '(idle)') {
        idleUs += delta;
        return;
      }
      busyUs += delta;
      const { category, label } = decide(id);
      byCategory[category] += delta;
      if (mainThread) mainThreadByCategory[category] += delta;
      if (label) {
        const entry = jointly.get(label) ?? { category, us: 0 };
        entry.us += delta;
        jointly.set(label, entry);
      }
      if (category === 'other') {
        const { functionName, url } = node.callFrame;
        const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '');
        const key = `${functionName || '(anonymous)'} ${where}`;
        other.set(key, (other.get(key) ?? 0) + delta);
      }
    });
    if (last > first) spanUs = Math.max(spanUs, last - first);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  for (const c of CATEGORIES) {
    byCategory[c] = ms(byCategory[c]);
    mainThreadByCategory[c] = ms(mainThreadByCategory[c]);
  }
  return {
    files,
    busyMs: ms(busyUs),
    idleMs: ms(idleUs),
    spanMs: ms(spanUs),
    covers: window ? 'measured window' : 'whole profile',
    byCategory,
    mainThreadByCategory,
    topJointly: [...jointly.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 15)
      .map(([frame, v]) => ({ frame, category: v.category, ms: ms(v.us) })),
    topOther: [...other.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([frame, us]) => ({ frame, ms: ms(us) })),
  };
}

/** The measured window recorded by loopDelayRecorder.mjs beside the profiles, if any. */
export function readWindow(dir: string): { fromUs: number; toUs: number } | null {
  try {
    const loop = JSON.parse(readFileSync(path.join(dir, LOOP_DELAY_FILE), 'utf8')) as {
      windowStartUs: number | null;
      windowEndUs: number | null;
    };
    if (loop.windowStartUs === null || loop.windowEndUs === null) return null;
    return { fromUs: loop.windowStartUs, toUs: loop.windowEndUs };
  } catch {
    return null;
  }
}

export function breakdownTable(b: ProfileBreakdown): string {
  const rows = CATEGORIES.map((c) => [
    c,
    fmt(b.byCategory[c], 0),
    `${fmt(b.busyMs > 0 ? (b.byCategory[c] / b.busyMs) * 100 : Number.NaN, 1)}%`,
    fmt(b.mainThreadByCategory[c], 0),
  ]);
  const main = CATEGORIES.reduce((sum, c) => sum + b.mainThreadByCategory[c], 0);
  rows.push(['total (not idle)', fmt(b.busyMs, 0), '100.0%', fmt(main, 0)]);
  return table(['category', 'ms', 'share', 'main thread ms'], rows, 1);
}

function main(argv: string[]): void {
  const whole = argv.includes('--whole');
  const targets = argv.filter((a) => a !== '--whole');
  if (targets.length === 0) {
    process.stderr.write('usage: npx tsx src/profileSummary.ts <dir or .cpuprofile …> [--whole]\n');
    process.exit(2);
  }
  for (const target of targets) {
    const isDir = statSync(target).isDirectory();
    const files = isDir
      ? readdirSync(target)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(target, f))
      : [target];
    const window = isDir && !whole ? readWindow(target) : null;
    const b = summarizeProfiles(files, window);
    const out = [
      `${target}: ${files.length} profile(s) (threads), ${b.covers}, span ${fmt(b.spanMs / 1000, 1)} s; ` +
        `busy ${fmt(b.busyMs, 0)} ms (${fmt(b.spanMs > 0 ? (b.busyMs / b.spanMs) * 100 : Number.NaN, 1)}% of a core), idle ${fmt(b.idleMs, 0)} ms`,
      breakdownTable(b),
      '',
      'heaviest Jointly functions (time of the samples they are the innermost Jointly frame of):',
      ...b.topJointly.map((j) => `  ${fmt(j.ms, 0).padStart(7)} ms  ${j.frame}  [${j.category}]`),
      '',
      '"other", by the sample\'s own frame:',
      ...b.topOther.map((o) => `  ${fmt(o.ms, 0).padStart(7)} ms  ${o.frame}`),
    ];
    if (isDir) {
      try {
        out.push('', `event loop delay: ${readFileSync(path.join(target, LOOP_DELAY_FILE), 'utf8').trim()}`);
      } catch {
        // No loop-delay.json (the process did not exit cleanly): the profile alone.
      }
    }
    process.stdout.write(`${out.join('\n')}\n\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main(process.argv.slice(2));
