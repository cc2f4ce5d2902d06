import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capacitySummary, capacityTable, runCapacity } from './capacity.ts';
import { type ChildServer, killAllChildren } from './childServer.ts';
import { runEvidenceFiles } from './evidenceFiles.ts';
import { evidenceDocumentTable, evidenceFilesSummary, uploadTable } from './evidenceFilesReport.ts';
import { runJointlyFirstSync, runReferenceFirstSync } from './firstSync.ts';
import type { JointlyFixture } from './jointlyServer.ts';
import { startJointlyServer } from './jointlyServer.ts';
import { killBurstSummary, killBurstTable, runKillBurst } from './killBurst.ts';
import { measureBundle } from './measureBundle.ts';
import { type BenchOptions, loadOptions, type ServerName } from './options.ts';
import { jointlyCrowdPlan, jointlyPropagationPlan, referenceCrowdPlan, referencePropagationPlan } from './plans.ts';
import { waitForQuiet } from './procStats.ts';
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
import { runPropagation } from './runPropagation.ts';
import { createScaledEnvironment, dropAllSchemasSync, redactUrl, type ScaledEnvironment } from './scaledServices.ts';
import { provision, startScaledServers } from './serverSetup.ts';
import { makeTempDir, removeAllTempDirs, removeTempDir } from './tempDirs.ts';

/**
 * `pnpm bench`: Jointly's collaboration server (one process, and several in
 * scaled mode) against the reference @y/websocket-server, with real
 * y-websocket clients (PRODUCT §8). See bench/README.md for what is measured
 * and how to run a quick version.
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
    port: server.port,
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

type JointlyKind = 'jointly' | 'jointly-scaled';

async function runPropagationScenarios(options: BenchOptions, results: Omit<BenchResults, 'summary'>) {
  const scenarios = (['propagation', 'crowd'] as const).filter((s) => options.only.includes(s));
  if (scenarios.length === 0) return;
  const fixtures: Partial<Record<JointlyKind, JointlyFixture>> = {};
  const dataDir = makeTempDir('jointly-bench-');
  // Scaled mode keeps everything in PostgreSQL; its processes still get a DATA_DIR of their own (unused).
  const scaledDataDir = options.servers.includes('jointly-scaled') ? makeTempDir('jointly-bench-scaled-') : null;
  let scaled: ScaledEnvironment | null = null;
  try {
    if (options.servers.includes('jointly')) {
      try {
        fixtures.jointly = await provision(options, dataDir, 'jointly');
      } catch (error) {
        results.errors.push({ step: 'jointly provisioning', message: String(error) });
        log(`jointly provisioning failed: ${String(error)}`);
      }
    }
    if (scaledDataDir) {
      try {
        scaled = await createScaledEnvironment(options);
        log(
          `jointly-scaled: schema ${scaled.schema} in ${redactUrl(options.databaseUrl)}, ` +
            `Redis prefix ${scaled.env.REDIS_PREFIX} at ${redactUrl(options.redisUrl)}, ${options.processes} processes`,
        );
        fixtures['jointly-scaled'] = await provision(options, scaledDataDir, 'jointly-scaled', scaled.env);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.errors.push({ step: 'jointly-scaled provisioning', message });
        log(`jointly-scaled provisioning failed: ${message}`);
      }
    }
    // Reference first, then Jointly, then Jointly scaled; each run on freshly started server processes.
    const order: ServerName[] = (['reference', 'jointly', 'jointly-scaled'] as const).filter((s) =>
      options.servers.includes(s),
    );
    for (const scenario of scenarios) {
      for (let round = 0; round < options.rounds; round++) {
        for (const serverName of order) {
          const fixture = serverName === 'reference' ? null : fixtures[serverName];
          if (serverName !== 'reference' && !fixture) continue;
          const step = `${scenario}: ${serverName}${options.rounds > 1 ? ` round ${round + 1}` : ''}`;
          log(`${step}`);
          await settle(options);
          let servers: ChildServer[] = [];
          try {
            if (serverName === 'reference') servers = [await startReferenceServer(options)];
            else if (serverName === 'jointly') servers = [await startJointlyServer(options, dataDir)];
            else servers = await startScaledServers(options, scaledDataDir as string, scaled as ScaledEnvironment);
            const reference = servers[0] as ChildServer;
            const plan = !fixture
              ? scenario === 'propagation'
                ? referencePropagationPlan(reference, options)
                : referenceCrowdPlan(reference, options)
              : scenario === 'propagation'
                ? jointlyPropagationPlan(servers, fixture, options, round)
                : jointlyCrowdPlan(servers, fixture, options, round);
            const result = await runPropagation(servers, plan);
            results.propagation.push(result);
            const split =
              result.processes > 1
                ? ` (cross-process ${result.load.latencyCrossServer.p99} ms, same-process ${result.load.latencySameServer.p99} ms)`
                : '';
            log(
              `  p50 ${result.load.latency.p50} ms, p99 ${result.load.latency.p99} ms${split}, ` +
                `${result.deliveredPerSecond} deliveries/s, server CPU ${result.server.cpuPercent}% ` +
                `(${result.serverCpuUsPerDelivery} µs per delivered edit)`,
            );
          } catch (error) {
            results.errors.push({ step, message: error instanceof Error ? error.message : String(error) });
            log(`  failed: ${String(error)}`);
          } finally {
            await Promise.all(servers.map((server) => stopServer(server, scenario, results)));
            for (const server of servers) {
              if (server.profileDir)
                log(`  CPU profile and loop delay: ${server.profileDir} (npx tsx src/profileSummary.ts <dir>)`);
            }
          }
        }
      }
    }
  } finally {
    if (scaled) {
      try {
        await scaled.drop();
        log(`jointly-scaled: schema ${scaled.schema} dropped`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.errors.push({ step: 'jointly-scaled clean-up', message: `schema ${scaled.schema}: ${message}` });
        log(`jointly-scaled: could not drop schema ${scaled.schema}: ${message}`);
      }
    }
    removeTempDir(dataDir, options.keepData);
    if (scaledDataDir) removeTempDir(scaledDataDir, options.keepData);
  }
}

async function runFirstSync(options: BenchOptions, results: Omit<BenchResults, 'summary'>) {
  if (!options.only.includes('first-sync')) return;
  // First sync is single-process only: jointly-scaled is skipped here.
  for (const serverName of options.servers.filter((s) => s !== 'jointly-scaled')) {
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

/** Uploads and the evidence document (issue 13), on each Jointly server asked for (one process each). */
async function runEvidenceFilesScenario(options: BenchOptions, results: Omit<BenchResults, 'summary'>) {
  if (!options.only.includes('evidence-files')) return;
  for (const serverName of options.servers.filter((s) => s !== 'reference') as JointlyKind[]) {
    const step = `evidence-files: ${serverName}`;
    log(step);
    await settle(options);
    try {
      results.evidenceFiles.push(await runEvidenceFiles(options, serverName));
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
    out.push(
      '',
      'FIRST SYNC BREAKDOWN (open = upgrade answered; open→state = server reads the store and sends the state; ' +
        'Jointly loads the Y.Doc only after that reply is written, C-ROOM-1)',
    );
    out.push(firstSyncBreakdownTable(results.firstSync));
  }
  if (results.evidenceFiles.length > 0) {
    out.push('', 'UPLOADS (POST /api/entries/:id/files; MiB/s = PDF bytes / wall time; latency = request → 201)');
    out.push(uploadTable(results.evidenceFiles));
    out.push(
      '',
      'EVIDENCE DOCUMENT (GET /api/entries/:id/export/evidence.pdf, request → last byte; pages read with pdf-lib)',
    );
    out.push(evidenceDocumentTable(results.evidenceFiles));
  }
  if (results.capacity.length > 0) {
    out.push('', `CAPACITY (propagation load, more editors each step, until p99 > ${o.capacityP99Ms} ms)`);
    out.push(capacityTable(results.capacity));
  }
  if (results.killBurst.length > 0) {
    out.push(
      '',
      `KILL -9 UNDER A ${o.burstUpdates}-UPDATE BURST (every process killed once half the burst was relayed)`,
    );
    out.push(killBurstTable(results.killBurst));
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
    const which = s.server === 'jointly-scaled' ? ` (port ${s.port})` : '';
    out.push(
      `  ${s.server}${which} after ${s.scenario}: stopped in ${s.stopMs} ms, exit code ${s.code}, signal ${s.signal}`,
    );
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
    // The results file names the services without their passwords.
    options: { ...options, databaseUrl: redactUrl(options.databaseUrl), redisUrl: redactUrl(options.redisUrl) },
    machine: { node: process.version, cpus: os.cpus().length, loadAverageAtStart: os.loadavg(), loadAverageAtEnd: [] },
    propagation: [],
    firstSync: [],
    evidenceFiles: [],
    bundle: null,
    capacity: [],
    killBurst: [],
    serverStops: [],
    errors: [],
  };

  await runPropagationScenarios(options, results);
  await runFirstSync(options, results);
  await runEvidenceFilesScenario(options, results);
  results.capacity = await runCapacity(options);
  for (const r of results.capacity)
    if (r.error) results.errors.push({ step: `capacity: ${r.serverName}`, message: r.error });
  results.killBurst = await runKillBurst(options);
  for (const r of results.killBurst)
    if (r.error) results.errors.push({ step: `kill-burst: ${r.serverName}`, message: r.error });
  if (options.only.includes('bundle')) {
    try {
      results.bundle = measureBundle(options.rootDir);
    } catch (error) {
      results.errors.push({ step: 'bundle', message: error instanceof Error ? error.message : String(error) });
    }
  }

  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = os.loadavg();
  const summary = [
    ...summarize(results),
    ...evidenceFilesSummary(results.evidenceFiles, options, results.errors),
    ...capacitySummary(results.capacity, options),
    ...killBurstSummary(results.killBurst, options),
  ];
  const full: BenchResults = { ...results, summary };
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
  // After the kill: the servers' connections are gone, so nothing holds a lock on the schema.
  dropAllSchemasSync();
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
