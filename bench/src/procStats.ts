import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory and CPU time of a process and its descendants, read from
 * /proc (Linux). One sample costs a few small file reads, so sampling twice
 * a second adds nothing measurable to the machine's load.
 */

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux we run on). */
const CLOCK_TICKS_PER_SECOND = 100;

export type ProcSample = {
  /** performance.now() of the sample. */
  at: number;
  rssBytes: number;
  cpuSeconds: number;
};

function readStat(pid: number): { rssKiB: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name "(…)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return { rssKiB: match ? Number(match[1]) : 0, cpuTicks };
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const child of text.split(' ')) children.push(Number(child));
    }
  } catch {
    // The process is gone or the kernel lacks CONFIG_PROC_CHILDREN: count the process alone.
  }
  return children;
}

/** RSS and CPU of `pid` plus every descendant (a server that forks helpers is measured whole). */
export function sampleProcessTree(pid: number): ProcSample | null {
  const at = performance.now();
  const root = readStat(pid);
  if (!root) return null;
  let rssKiB = root.rssKiB;
  let cpuTicks = root.cpuTicks;
  const queue = childrenOf(pid);
  while (queue.length > 0) {
    const child = queue.pop() as number;
    const stat = readStat(child);
    if (!stat) continue;
    rssKiB += stat.rssKiB;
    cpuTicks += stat.cpuTicks;
    queue.push(...childrenOf(child));
  }
  return { at, rssBytes: rssKiB * 1024, cpuSeconds: cpuTicks / CLOCK_TICKS_PER_SECOND };
}

export type ResourceSummary = {
  rssStartMiB: number;
  rssPeakMiB: number;
  rssMeanMiB: number;
  rssEndMiB: number;
  /** RSS growth per minute over the window (least-squares slope): flat means no leak. */
  rssSlopeMiBPerMin: number;
  /** Mean CPU over the window, in percent of one core. */
  cpuPercent: number;
  /** CPU time used between the window's first and last sample, seconds. */
  cpuSeconds: number;
  samples: number;
};

/**
 * Several process trees sampled in the same tick, as one: RSS and CPU time
 * summed (the scaled configuration's processes together). `at` is the first
 * part's (the parts are read microseconds apart).
 */
export function combineSamples(parts: ProcSample[]): ProcSample {
  let rssBytes = 0;
  let cpuSeconds = 0;
  for (const part of parts) {
    rssBytes += part.rssBytes;
    cpuSeconds += part.cpuSeconds;
  }
  return { at: parts[0]?.at ?? performance.now(), rssBytes, cpuSeconds };
}

/** The summary of the samples taken between two performance.now() instants. */
export function summarizeSamples(samples: ProcSample[], from: number, to: number): ResourceSummary {
  const window = samples.filter((s) => s.at >= from && s.at <= to);
  const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  if (window.length === 0) {
    return {
      rssStartMiB: Number.NaN,
      rssPeakMiB: Number.NaN,
      rssMeanMiB: Number.NaN,
      rssEndMiB: Number.NaN,
      rssSlopeMiBPerMin: Number.NaN,
      cpuPercent: Number.NaN,
      cpuSeconds: Number.NaN,
      samples: 0,
    };
  }
  const first = window[0] as ProcSample;
  const last = window[window.length - 1] as ProcSample;
  let peak = 0;
  let total = 0;
  for (const s of window) {
    peak = Math.max(peak, s.rssBytes);
    total += s.rssBytes;
  }
  // Least-squares slope of RSS over time.
  const meanT = window.reduce((a, s) => a + s.at, 0) / window.length;
  const meanR = total / window.length;
  let num = 0;
  let den = 0;
  for (const s of window) {
    num += (s.at - meanT) * (s.rssBytes - meanR);
    den += (s.at - meanT) ** 2;
  }
  const slopeBytesPerMs = den > 0 ? num / den : 0;
  const elapsedS = (last.at - first.at) / 1000;
  return {
    rssStartMiB: mib(first.rssBytes),
    rssPeakMiB: mib(peak),
    rssMeanMiB: mib(meanR),
    rssEndMiB: mib(last.rssBytes),
    rssSlopeMiBPerMin: Math.round((slopeBytesPerMs * 60_000 * 10) / 1048576) / 10,
    cpuPercent: elapsedS > 0 ? Math.round(((last.cpuSeconds - first.cpuSeconds) / elapsedS) * 1000) / 10 : Number.NaN,
    cpuSeconds: Math.round((last.cpuSeconds - first.cpuSeconds) * 100) / 100,
    samples: window.length,
  };
}

/**
 * Samples one process tree, or several together, at a fixed interval until
 * stopped. With several, `samples` holds their sums (combineSamples) and
 * `perProcess` each one's own samples.
 */
export class ProcSampler {
  readonly pids: number[];
  /** One sample per tick: the sum over every process (only ticks where all of them answered). */
  readonly samples: ProcSample[] = [];
  /** Each process's own samples, in `pids` order. */
  readonly perProcess: ProcSample[][];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    pids: number | number[],
    private readonly intervalMs = 500,
  ) {
    this.pids = Array.isArray(pids) ? [...pids] : [pids];
    this.perProcess = this.pids.map(() => []);
  }

  start(): this {
    this.sampleNow();
    this.timer = setInterval(() => this.sampleNow(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Samples every process now; null (and no combined sample) when one of them is gone. */
  sampleNow(): ProcSample | null {
    const parts: ProcSample[] = [];
    this.pids.forEach((pid, i) => {
      const sample = sampleProcessTree(pid);
      if (sample) {
        (this.perProcess[i] as ProcSample[]).push(sample);
        parts.push(sample);
      }
    });
    if (parts.length < this.pids.length) return null;
    const combined = combineSamples(parts);
    this.samples.push(combined);
    return combined;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sampleNow();
  }

  /** The summary (summed over the processes) of the samples taken between two performance.now() instants. */
  summarize(from: number, to: number): ResourceSummary {
    return summarizeSamples(this.samples, from, to);
  }

  /** Each process's own summary over the same window, in `pids` order. */
  summarizeEach(from: number, to: number): ResourceSummary[] {
    return this.perProcess.map((samples) => summarizeSamples(samples, from, to));
  }
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (total - idle) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * Pressure stall totals (Linux PSI): microseconds during which some task
 * waited for CPU, or for I/O. Over a window, the share of time with waiting:
 * high CPU pressure means the machine was oversubscribed; high I/O pressure
 * means fsyncs (Jointly's durable writes) were slow for reasons outside it.
 */
export function pressureTotalsUs(): { cpu: number; io: number } {
  const read = (kind: 'cpu' | 'io') => {
    try {
      const match = /^some .*total=(\d+)/m.exec(readFileSync(`/proc/pressure/${kind}`, 'utf8'));
      return match ? Number(match[1]) : Number.NaN;
    } catch {
      return Number.NaN;
    }
  };
  return { cpu: read('cpu'), io: read('io') };
}

/** The 10-second averages of CPU and I/O pressure ("some"), percent. */
export function pressureAvg10(): { cpu: number; io: number } {
  const read = (kind: 'cpu' | 'io') => {
    try {
      const match = /^some avg10=([\d.]+)/m.exec(readFileSync(`/proc/pressure/${kind}`, 'utf8'));
      return match ? Number(match[1]) : Number.NaN;
    } catch {
      return Number.NaN;
    }
  };
  return { cpu: read('cpu'), io: read('io') };
}

/**
 * Waits until the machine has been quiet for `settleS` seconds (CPU pressure
 * avg10 under `maxCpuPressure` %, I/O under `maxIoPressure` %), at most
 * `maxWaitS`. Returns the seconds waited and whether it became quiet.
 */
export async function waitForQuiet(options: {
  maxWaitS: number;
  maxCpuPressure?: number;
  maxIoPressure?: number;
  settleS?: number;
}): Promise<{ waitedS: number; quiet: boolean }> {
  const started = performance.now();
  const maxCpu = options.maxCpuPressure ?? 10;
  const maxIo = options.maxIoPressure ?? 5;
  const settleMs = (options.settleS ?? 5) * 1000;
  let quietSince: number | null = null;
  for (;;) {
    const now = performance.now();
    const { cpu, io } = pressureAvg10();
    if (Number.isNaN(cpu)) return { waitedS: 0, quiet: true }; // no PSI: cannot tell
    if (cpu <= maxCpu && (Number.isNaN(io) || io <= maxIo)) {
      quietSince ??= now;
      if (now - quietSince >= settleMs) return { waitedS: Math.round((now - started) / 1000), quiet: true };
    } else {
      quietSince = null;
    }
    if (now - started >= options.maxWaitS * 1000) return { waitedS: Math.round((now - started) / 1000), quiet: false };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
