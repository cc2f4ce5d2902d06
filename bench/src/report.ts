import type { CapacityResult } from './capacity.ts';
import type { EvidenceFilesResult } from './evidenceFiles.ts';
import type { FirstSyncResult } from './firstSync.ts';
import type { KillBurstResult } from './killBurst.ts';
import type { BundleSizeResult } from './measureBundle.ts';
import type { BenchOptions } from './options.ts';
import type { PropagationResult } from './runPropagation.ts';

/** The whole run as written to bench/results/<timestamp>.json, and the printed tables. */

export type ServerStop = {
  server: string;
  port: number;
  scenario: string;
  stopMs: number;
  code: number | null;
  signal: string | null;
};

export type BenchResults = {
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  machine: { node: string; cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  propagation: PropagationResult[];
  firstSync: FirstSyncResult[];
  evidenceFiles: EvidenceFilesResult[];
  bundle: BundleSizeResult | null;
  /** --only=capacity: the editors each Jointly configuration serves within the p99 bar. */
  capacity: CapacityResult[];
  /** kill-burst: relayed updates kept across a kill -9 of every process. */
  killBurst: KillBurstResult[];
  serverStops: ServerStop[];
  errors: { step: string; message: string }[];
  summary: SummaryLine[];
};

export type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'ERROR';
export type SummaryLine = { label: string; figure: string; target: string; verdict: Verdict };

export const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits);

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function table(headers: string[], rows: string[][], leftColumns = 2): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** p99 of one side of the same/cross-process split; '—' with a single process, where it does not apply. */
function split(r: PropagationResult, side: 'latencySameServer' | 'latencyCrossServer'): string {
  const summary = r.load[side];
  if ((r.processes ?? 1) < 2 || !summary || summary.count === 0) return '—';
  return fmt(summary.p99, 2);
}

export function propagationTable(results: PropagationResult[]): string {
  const rows = results.map((r) => {
    const closes = Object.values(r.load.unexpectedCloses).reduce((a, b) => a + b, 0);
    return [
      r.scenario,
      r.serverName,
      `${r.editors}/${r.rooms}`,
      fmt(r.sentPerSecond, 0),
      fmt(r.deliveredPerSecond, 0),
      `${fmt(r.deliveredRatio * 100, 2)}%`,
      fmt(r.load.latency.p50, 2),
      fmt(r.load.latency.p95, 2),
      fmt(r.load.latency.p99, 2),
      fmt(r.load.latency.max, 1),
      split(r, 'latencySameServer'),
      split(r, 'latencyCrossServer'),
      `${fmt(r.server.rssStartMiB)}→${fmt(r.server.rssPeakMiB)}`,
      fmt(r.server.rssSlopeMiBPerMin),
      fmt(r.server.cpuPercent, 0),
      fmt(r.serverCpuUsPerDelivery, 0),
      fmt(r.clients.cpuPercent, 0),
      fmt(r.load.clientLoopDelay.p99, 1),
      fmt(r.otherCpuPercent, 0),
      `${fmt(r.pressure.cpuPercent, 0)}/${fmt(r.pressure.ioPercent, 0)}`,
      String(closes + r.load.connectionErrors),
    ];
  });
  return table(
    [
      'scenario',
      'server',
      'editors/rooms',
      'sent/s',
      'delivered/s',
      'delivered',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'same-proc p99',
      'cross-proc p99',
      'server RSS MiB',
      'MiB/min',
      'srv CPU%',
      'srv µs/deliv',
      'cli CPU%',
      'cli lag p99',
      'other CPU%',
      'PSI cpu/io%',
      'closes',
    ],
    rows,
  );
}

export function firstSyncTable(results: FirstSyncResult[]): string {
  const rows = results.map((r) => [
    r.serverName,
    r.mode,
    String(r.updates),
    `${fmt(r.documentBytes / 1024)} KiB`,
    r.writeRate === null ? `${r.writeMs} ms` : `${r.writeRate}/s`,
    r.coldSyncMs.map((ms) => fmt(ms)).join(', ') || '—',
    r.warmSyncMs.map((ms) => fmt(ms)).join(', ') || '—',
    r.storageBeforeRestart ? String(r.storageBeforeRestart.updateRows) : '—',
    r.storageAtFirstSync ? String(r.storageAtFirstSync.updateRows) : '—',
    r.storageAfterStop ? String(r.storageAfterStop.updateRows) : '—',
    r.complete ? 'yes' : 'NO',
    fmt(r.serverRssAfterLoadMiB),
  ]);
  return table(
    [
      'server',
      'mode',
      'updates',
      'doc size',
      'write',
      'cold sync ms',
      'warm sync ms',
      'rows before',
      'rows at sync',
      'rows after',
      'complete',
      'RSS MiB',
    ],
    rows,
  );
}

/** Where each first sync's time went: upgrade, server answer, client apply. */
export function firstSyncBreakdownTable(results: FirstSyncResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    const add = (kind: string, timings: FirstSyncResult['cold']) => {
      timings.forEach((t, i) => {
        rows.push([
          r.serverName,
          `${kind} ${i + 1}`,
          fmt(t.totalMs),
          fmt(t.openMs),
          fmt(t.stateArrivedMs - t.openMs),
          t.serverLoadMs === undefined || t.serverLoadMs === null ? '—' : fmt(t.serverLoadMs),
          fmt(t.clientApplyMs),
          `${fmt(t.stateBytes / 1024)} KiB`,
        ]);
      });
    };
    add('cold', r.cold);
    add('warm', r.warm);
  }
  return table(
    ['server', 'sync', 'total ms', 'open ms', 'open→state ms', 'of which store read', 'client apply ms', 'state msg'],
    rows,
  );
}

export function bundleTable(bundle: BundleSizeResult): string {
  const rows = bundle.initialJs.map((f) => ['', f.file, fmt(f.bytes / 1024), fmt(f.gzipBytes / 1024)]);
  rows.push(['total', 'initial JavaScript', fmt(bundle.initialJsBytes / 1024), fmt(bundle.initialJsGzipBytes / 1024)]);
  rows.push(['', 'CSS (not counted)', '', fmt(bundle.cssGzipBytes / 1024)]);
  rows.push(['', 'all JS incl. lazy chunks', '', fmt(bundle.allJsGzipBytes / 1024)]);
  return table(['', 'file', 'KiB', 'gzip KiB'], rows);
}

/** Figures next to their targets (PRODUCT §8). With several rounds the median p99 of each server is used. */
export function summarize(results: Omit<BenchResults, 'summary'>): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const p99s = (scenario: string, server: string) =>
    results.propagation
      .filter((r) => r.scenario === scenario && r.serverName === server)
      .map((r) => r.load.latency.p99);
  const failed = (step: string) =>
    results.errors.some((e) => e.step.startsWith(step) || e.step === 'jointly provisioning');

  const singleOrReference = results.options.servers.some((s) => s === 'jointly' || s === 'reference');
  for (const scenario of ['propagation', 'crowd'] as const) {
    if (!results.options.only.includes(scenario) || !singleOrReference) continue;
    // A round in which nothing was delivered has no p99 (NaN, null once written as JSON): the figure
    // is then not measured, rather than the median of the rounds that were.
    const unmeasured = [...p99s(scenario, 'jointly'), ...p99s(scenario, 'reference')].some(
      (p99) => typeof p99 !== 'number' || !Number.isFinite(p99),
    );
    const jointly = unmeasured ? Number.NaN : median(p99s(scenario, 'jointly'));
    const reference = unmeasured ? Number.NaN : median(p99s(scenario, 'reference'));
    const label =
      scenario === 'propagation'
        ? `Propagation p99, ${results.options.entries}×${results.options.editorsPerEntry} editors: Jointly / reference`
        : `Crowd p99, ${results.options.crowdEditors} editors in one entry: Jointly vs reference`;
    if (Number.isNaN(jointly) || Number.isNaN(reference)) {
      lines.push({
        label,
        figure: `Jointly ${fmt(jointly, 2)} ms, reference ${fmt(reference, 2)} ms`,
        target: scenario === 'propagation' ? '≤ 0.50' : '≤ reference',
        verdict: failed(scenario) || unmeasured ? 'ERROR' : 'INFO',
      });
      continue;
    }
    if (scenario === 'propagation') {
      const ratio = jointly / reference;
      lines.push({
        label,
        figure: `${fmt(ratio, 2)} (${fmt(jointly, 2)} / ${fmt(reference, 2)} ms)`,
        target: '≤ 0.50',
        verdict: ratio <= 0.5 ? 'PASS' : 'FAIL',
      });
    } else {
      lines.push({
        label,
        figure: `${fmt(jointly, 2)} vs ${fmt(reference, 2)} ms`,
        target: '≤ reference',
        verdict: jointly <= reference ? 'PASS' : 'FAIL',
      });
    }
  }

  // Server CPU per delivered edit, Jointly (each configuration) against the reference under the same load.
  for (const scenario of ['propagation', 'crowd'] as const) {
    const perDelivery = (server: string) =>
      median(
        results.propagation
          .filter((r) => r.scenario === scenario && r.serverName === server)
          .map((r) => r.serverCpuUsPerDelivery),
      );
    const reference = perDelivery('reference');
    for (const server of ['jointly', 'jointly-scaled'] as const) {
      const jointly = perDelivery(server);
      if (Number.isNaN(jointly)) continue;
      const ratio = jointly / reference;
      const gated = scenario === 'propagation' && server === 'jointly';
      lines.push({
        label: `Server CPU per delivered edit, ${scenario}: ${server} / reference`,
        figure: Number.isNaN(reference)
          ? `${fmt(jointly, 0)} µs (no reference run)`
          : `${fmt(ratio, 2)} (${fmt(jointly, 0)} / ${fmt(reference, 0)} µs)`,
        target: gated ? '≤ 1.20' : 'reported',
        verdict: gated && !Number.isNaN(ratio) ? (ratio <= 1.2 ? 'PASS' : 'FAIL') : 'INFO',
      });
    }
  }

  // Scaled mode: a delivery between processes goes through Redis; set against one process on SQLite.
  for (const scenario of ['propagation', 'crowd'] as const) {
    if (!results.options.only.includes(scenario) || !results.options.servers.includes('jointly-scaled')) continue;
    const scaledRuns = results.propagation.filter((r) => r.scenario === scenario && r.serverName === 'jointly-scaled');
    const processes = scaledRuns[0]?.processes ?? results.options.processes;
    const label = `Scaled ${scenario} (${processes} processes, PostgreSQL + Redis): cross-process p99 vs single-process p99`;
    const target = 'reported (no bar in PRODUCT §8)';
    if (scaledRuns.length === 0) {
      const failedScaled = results.errors.some(
        (e) => e.step.startsWith(`${scenario}: jointly-scaled`) || e.step === 'jointly-scaled provisioning',
      );
      if (failedScaled) lines.push({ label, figure: '—', target, verdict: 'ERROR' });
      continue;
    }
    const cross = median(scaledRuns.map((r) => r.load.latencyCrossServer.p99));
    const same = median(scaledRuns.map((r) => r.load.latencySameServer.p99));
    const single = median(p99s(scenario, 'jointly'));
    lines.push({
      label,
      figure: `${fmt(cross, 2)} ms vs ${fmt(single, 2)} ms (ratio ${fmt(cross / single, 2)}; same-process in scaled: ${fmt(same, 2)} ms)`,
      target,
      verdict: 'INFO',
    });
  }

  const relayRuns = results.propagation.filter((r) => r.serverName === 'jointly' || r.serverName === 'jointly-scaled');
  if (relayRuns.length > 0) {
    const worstOf = (runs: PropagationResult[]) => Math.min(...runs.map((r) => r.deliveredRatio));
    const worst = worstOf(relayRuns);
    const scaledRuns = relayRuns.filter((r) => r.serverName === 'jointly-scaled');
    const singleRuns = relayRuns.filter((r) => r.serverName === 'jointly');
    lines.push({
      label: `Jointly: every edit relayed to every other editor (all runs${scaledRuns.length > 0 ? ', scaled included' : ''})`,
      figure:
        scaledRuns.length > 0 && singleRuns.length > 0
          ? `${fmt(worst * 100, 3)}% (single ${fmt(worstOf(singleRuns) * 100, 3)}%, scaled ${fmt(worstOf(scaledRuns) * 100, 3)}%)`
          : `${fmt(worst * 100, 3)}%`,
      target: '100%',
      verdict: worst >= 1 ? 'PASS' : 'FAIL',
    });
  }
  const jointlyRuns = results.propagation.filter((r) => r.serverName === 'jointly');
  if (jointlyRuns.length > 0) {
    const peak = Math.max(...jointlyRuns.map((r) => r.server.rssPeakMiB));
    const slope = Math.max(...jointlyRuns.map((r) => r.server.rssSlopeMiBPerMin));
    lines.push({
      label: 'Jointly server RSS: peak; steepest growth over a window',
      figure: `${fmt(peak)} MiB; ${fmt(slope)} MiB/min`,
      target: 'flat over a long run',
      verdict: 'INFO',
    });
  }

  // Issue 16's bar; PRODUCT §8's is 300 ms.
  const firstSyncBar = '≤ 150 ms (PRODUCT §8: < 300)';
  const firstSync = results.firstSync.find((r) => r.serverName === 'jointly');
  if (firstSync) {
    const worst = Math.max(...firstSync.coldSyncMs);
    lines.push({
      label: `First sync, ${firstSync.updates.toLocaleString('en-GB')} stored updates (cold, worst of ${firstSync.coldSyncMs.length})`,
      figure: `${fmt(worst)} ms (median ${fmt(median(firstSync.coldSyncMs))})${firstSync.complete ? '' : ' INCOMPLETE'}`,
      target: firstSyncBar,
      verdict: worst <= 150 && firstSync.complete ? 'PASS' : 'FAIL',
    });
    lines.push({
      label: 'doc_updates rows for that entry at first sync (compacted?)',
      figure: firstSync.storageAtFirstSync ? String(firstSync.storageAtFirstSync.updateRows) : '—',
      target: `≪ ${firstSync.updates}`,
      verdict: 'INFO',
    });
  } else if (results.options.only.includes('first-sync') && results.options.servers.includes('jointly')) {
    lines.push({ label: 'First sync (Jointly)', figure: '—', target: firstSyncBar, verdict: 'ERROR' });
  }

  if (results.bundle) {
    lines.push({
      label: `Client initial JavaScript, gzip (${results.bundle.initialJs.length} files)`,
      figure: `${fmt(results.bundle.initialJsGzipBytes / 1024)} KiB`,
      target: 'no target set',
      verdict: 'INFO',
    });
  } else if (results.options.only.includes('bundle')) {
    lines.push({ label: 'Client initial JavaScript, gzip', figure: '—', target: 'no target set', verdict: 'ERROR' });
  }
  return lines;
}

export function summaryBlock(lines: SummaryLine[]): string {
  const rows = lines.map((l) => [l.verdict, l.label, l.figure, l.target]);
  return table(['result', 'figure', 'measured', 'target'], rows, 4);
}
