import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureBundle } from './bundleSize.ts';
import { type ChildServer, killAllChildren } from './childServer.ts';
import { runJointlyFirstSync, runReferenceFirstSync } from './firstSync.ts';
import { JointlyApi, type JointlyFixture, provisionJointly, startJointlyServer } from './jointlyServer.ts';
import { type BenchOptions, loadOptions, type ServerName } from './options.ts';
import { jointlyCrowdPlan, jointlyPropagationPlan, referenceCrowdPlan, referencePropagationPlan } from './plans.ts';
import { waitForQuiet } from './procStats.ts';
import { runPropagation } from './propagation.ts';
import { startReferenceServer } from './referenceServer.ts';
import {
  type BenchResults,
  bundleTable,
  firstSyncBreakdownTable,
  firstSyncTable,
  propagationTable,
  summarize,
  summaryBlock,
} from './report.ts';
import { makeTempDir, removeAllTempDirs, removeTempDir } from './tempDirs.ts';

/**
 * `pnpm bench`: Jointly's collaboration server against the reference
 * @y/websocket-server, with real y-websocket clients (PRODUCT §8). See
 * bench/README.md for what is measured and how to run a quick version.
 */

/** Above this much CPU used by other processes during a window, the run is flagged as noisy. */
const NOISY_OTHER_CPU_PERCENT = 25;
/** Above this share of the window with tasks stalled on I/O, fsync-bound figures are flagged as noisy. */
const NOISY_IO_PRESSURE_PERCENT = 10;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function stopServer(server: ChildServer, scenario: string, results: Omit<BenchResults, 'summary'>) {
  const started = performance.now();
  const { code, signal } = await server.stop();
  results.serverStops.push({
    server: server.name,
    scenario,
    stopMs: Math.round(performance.now() - started),
    code,
    signal,
  });
}

/** With --quiet-wait, waits for other workloads on the machine to calm down before a measured run. */
async function settle(options: BenchOptions): Promise<void> {
  if (options.quietWaitS <= 0) return;
  const { waitedS, quiet } = await waitForQuiet({ maxWaitS: options.quietWaitS });
  if (waitedS > 0 || !quiet)
    log(`  waited ${waitedS} s for a quiet machine${quiet ? '' : ' (still busy: going ahead)'}`);
}

async function provision(options: BenchOptions, dataDir: string): Promise<JointlyFixture> {
  const server = await startJointlyServer(options, dataDir);
  try {
    log(`jointly: creating ${options.users} users, ${options.entries} entries and the crowd entry`);
    const started = performance.now();
    const fixture = await provisionJointly(new JointlyApi(server.origin), options);
    log(`jointly: provisioned in ${Math.round(performance.now() - started)} ms`);
    return fixture;
  } finally {
    await server.stop();
  }
}

async function runPropagationScenarios(options: BenchOptions, results: Omit<BenchResults, 'summary'>) {
  const scenarios = (['propagation', 'crowd'] as const).filter((s) => options.only.includes(s));
  if (scenarios.length === 0) return;
  let fixture: JointlyFixture | null = null;
  const dataDir = makeTempDir('jointly-bench-');
  try {
    if (options.servers.includes('jointly')) {
      try {
        fixture = await provision(options, dataDir);
      } catch (error) {
        results.errors.push({ step: 'jointly provisioning', message: String(error) });
        log(`jointly provisioning failed: ${String(error)}`);
      }
    }
    // Reference first, then Jointly; each run on a freshly started server process.
    const order: ServerName[] = (['reference', 'jointly'] as const).filter((s) => options.servers.includes(s));
    for (const scenario of scenarios) {
      for (let round = 0; round < options.rounds; round++) {
        for (const serverName of order) {
          if (serverName === 'jointly' && !fixture) continue;
          const step = `${scenario}: ${serverName}${options.rounds > 1 ? ` round ${round + 1}` : ''}`;
          log(`${step}`);
          await settle(options);
          let server: ChildServer | null = null;
          try {
            server =
              serverName === 'reference' ? await startReferenceServer() : await startJointlyServer(options, dataDir);
            const plan =
              serverName === 'reference'
                ? scenario === 'propagation'
                  ? referencePropagationPlan(server, options)
                  : referenceCrowdPlan(server, options)
                : scenario === 'propagation'
                  ? jointlyPropagationPlan(server, fixture as JointlyFixture, options)
                  : jointlyCrowdPlan(server, fixture as JointlyFixture, options);
            const result = await runPropagation(server, plan);
            results.propagation.push(result);
            log(
              `  p50 ${result.load.latency.p50} ms, p99 ${result.load.latency.p99} ms, ` +
                `${result.deliveredPerSecond} deliveries/s, server CPU ${result.server.cpuPercent}%`,
            );
          } catch (error) {
            results.errors.push({ step, message: error instanceof Error ? error.message : String(error) });
            log(`  failed: ${String(error)}`);
          } finally {
            if (server) await stopServer(server, scenario, results);
          }
        }
      }
    }
  } finally {
    removeTempDir(dataDir, options.keepData);
  }
}

async function runFirstSync(options: BenchOptions, results: Omit<BenchResults, 'summary'>) {
  if (!options.only.includes('first-sync')) return;
  for (const serverName of options.servers) {
    const step = `first-sync: ${serverName}`;
    log(step);
    await settle(options);
    try {
      const result =
        serverName === 'jointly' ? await runJointlyFirstSync(options) : await runReferenceFirstSync(options);
      results.firstSync.push(result);
      log(`  cold ${result.coldSyncMs.join(', ') || '—'} ms; warm ${result.warmSyncMs.join(', ')} ms`);
    } catch (error) {
      results.errors.push({ step, message: error instanceof Error ? error.message : String(error) });
      log(`  failed: ${String(error)}`);
    }
  }
}

function print(results: BenchResults) {
  const out: string[] = [];
  const o = results.options;
  out.push('');
  out.push(`Jointly benchmark — ${results.startedAt} — node ${results.machine.node}, ${results.machine.cpus} CPUs`);
  out.push(
    `load: ${o.editsPerSecond} edits/s per editor, ${o.warmupS} s warm-up + ${o.durationS} s measured, ` +
      `${o.rounds} round(s); load average at start ${results.machine.loadAverageAtStart.map((n) => n.toFixed(2)).join(' ')}`,
  );
  if (results.propagation.length > 0) {
    out.push('', 'PROPAGATION (latency = receipt − send, same clock; RSS/CPU over the measured window)');
    out.push(propagationTable(results.propagation));
  }
  if (results.firstSync.length > 0) {
    out.push('', 'FIRST SYNC (WebsocketProvider construction → "sync" event)');
    out.push(firstSyncTable(results.firstSync));
    out.push('', 'FIRST SYNC BREAKDOWN (open = upgrade answered; open→state = server loads and sends the state)');
    out.push(firstSyncBreakdownTable(results.firstSync));
  }
  if (results.bundle) {
    out.push('', `CLIENT BUNDLE (${results.bundle.distDir}/index.html)`);
    out.push(bundleTable(results.bundle));
  }
  const problems = results.propagation.filter(
    (r) =>
      Object.keys(r.load.unexpectedCloses).length > 0 ||
      Object.keys(r.serverLog.problems).length > 0 ||
      r.serverLog.plainLines > 0,
  );
  const firstSyncProblems = results.firstSync.filter(
    (r) => Object.keys(r.closesWhileWriting).length > 0 || Object.keys(r.serverLog?.problems ?? {}).length > 0,
  );
  if (problems.length > 0 || firstSyncProblems.length > 0) {
    out.push('', 'SERVER BEHAVIOUR UNDER LOAD');
    for (const r of problems) {
      out.push(`  ${r.scenario}/${r.serverName}: closes ${JSON.stringify(r.load.unexpectedCloses)}`);
      out.push(`    log problems ${JSON.stringify(r.serverLog.problems)}`);
      // One line of each distinct problem, errors first.
      const seen = new Set<string>();
      const samples = [...r.serverLog.samples].sort(
        (a, b) => Number(b.includes('"error"')) - Number(a.includes('"error"')),
      );
      for (const sample of samples) {
        const key = /"message":"([^"]*)"/.exec(sample)?.[1] ?? sample;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(`    ${sample.slice(0, 400)}`);
      }
    }
    for (const r of firstSyncProblems) {
      out.push(`  first-sync/${r.serverName}: closes while writing ${JSON.stringify(r.closesWhileWriting)}`);
      out.push(`    log problems ${JSON.stringify(r.serverLog?.problems ?? {})}`);
    }
  }
  const oddStops = results.serverStops.filter((s) => s.code !== 0 || s.stopMs > 5000);
  for (const s of oddStops) {
    out.push(`  ${s.server} after ${s.scenario}: stopped in ${s.stopMs} ms, exit code ${s.code}, signal ${s.signal}`);
  }
  if (results.errors.length > 0) {
    out.push('', 'ERRORS (figures missing)');
    for (const e of results.errors) out.push(`  ${e.step}: ${e.message}`);
  }
  const busy = results.propagation.filter(
    (r) => r.otherCpuPercent > NOISY_OTHER_CPU_PERCENT || r.pressure.ioPercent > NOISY_IO_PRESSURE_PERCENT,
  );
  if (busy.length > 0) {
    out.push(
      '',
      `NOTE: other processes used more than ${NOISY_OTHER_CPU_PERCENT}% of a core, or tasks waited on I/O more than ` +
        `${NOISY_IO_PRESSURE_PERCENT}% of the time, during ${busy.length} of ${results.propagation.length} runs ` +
        `(${[...new Set(busy.map((r) => `${r.scenario}/${r.serverName}`))].join(', ')}): those figures are noisy; ` +
        'rerun on a quiet machine, with --quiet-wait=600, or with --rounds=3.',
    );
  }
  out.push('', 'SUMMARY');
  out.push(summaryBlock(results.summary));
  out.push('');
  process.stdout.write(out.join('\n'));
}

/** Set from --keep-data once options are read; the exit handler honours it. */
let keepDataOnExit = false;

async function main(): Promise<number> {
  const options = loadOptions();
  keepDataOnExit = options.keepData;
  const startedAt = new Date().toISOString();
  const results: Omit<BenchResults, 'summary'> = {
    startedAt,
    finishedAt: '',
    options,
    machine: { node: process.version, cpus: os.cpus().length, loadAverageAtStart: os.loadavg(), loadAverageAtEnd: [] },
    propagation: [],
    firstSync: [],
    bundle: null,
    serverStops: [],
    errors: [],
  };

  await runPropagationScenarios(options, results);
  await runFirstSync(options, results);
  if (options.only.includes('bundle')) {
    try {
      results.bundle = measureBundle(options.rootDir);
    } catch (error) {
      results.errors.push({ step: 'bundle', message: error instanceof Error ? error.message : String(error) });
    }
  }

  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = os.loadavg();
  const full: BenchResults = { ...results, summary: summarize(results) };
  print(full);
  mkdirSync(options.resultsDir, { recursive: true });
  const file = path.join(options.resultsDir, `${startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(`results written to ${file}\n`);
  // A failed target is a finding, not a failure of the benchmark; a missing figure is.
  return results.errors.length > 0 ? 1 : 0;
}

process.on('exit', () => {
  killAllChildren();
  if (!keepDataOnExit) removeAllTempDirs();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`benchmark interrupted (${signal}); stopping its servers and clients\n`);
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
