import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChildServer, type LogTally, mergeLogTallies } from './childServer.ts';
import type { ChildToParent, LoadPlan, LoadResult, ParentToChild } from './loadProtocol.ts';
import { probeSocket } from './probeSocket.ts';
import { machineBusySeconds, ProcSampler, pressureTotalsUs, type ResourceSummary } from './procStats.ts';

/**
 * Runs one propagation scenario against one server (one process, or the
 * processes of the scaled configuration): forks the client process, samples
 * the server's (and the clients') RSS and CPU while it runs, and gathers the
 * figures.
 */

export type PropagationResult = {
  scenario: string;
  serverName: string;
  /** Server processes the editors were spread over (more than 1: `jointly-scaled`). */
  processes: number;
  editors: number;
  rooms: number;
  load: LoadResult;
  /** Deliveries (an edit arriving at one other editor) per second of the window. */
  deliveredPerSecond: number;
  /** Measured edits sent per second (all editors). */
  sentPerSecond: number;
  /** Share of expected deliveries that arrived before the drain deadline. */
  deliveredRatio: number;
  /**
   * Server CPU per delivered edit: the server processes' CPU time over the window (/proc, children
   * included) divided by the deliveries of the window's edits, microseconds. Set against the
   * reference's, it shows the cost of persistence and checks independently of latency.
   */
  serverCpuUsPerDelivery: number;
  /** The server over the measured window (with several processes: summed over them, sample by sample). */
  server: ResourceSummary & { rssBeforeConnectMiB: number; rssAfterConnectMiB: number; rssAfterRunMiB: number };
  /** Each server process on its own over the window (one entry with a single process). */
  serverProcesses: ResourceSummary[];
  /** The client process over the measured window (if near 100 %, the clients are the bottleneck). */
  clients: ResourceSummary;
  /** Log lines of every server process during the run, tallied together. */
  serverLog: LogTally;
  /**
   * CPU used by everything else on the machine during the window (percent of
   * one core): other workloads competing for the 2 cores make figures noisy.
   */
  otherCpuPercent: number;
  /** Share of the window in which some task waited for CPU / for I/O (Linux PSI "some"), percent. */
  pressure: { cpuPercent: number; ioPercent: number };
};

export async function runPropagation(servers: ChildServer[], plan: LoadPlan): Promise<PropagationResult> {
  const main = servers[0];
  if (!main) throw new Error('runPropagation needs at least one server');
  if (plan.editors.length === 0) throw new Error('the plan has no editors');
  // One probe per process, as its first editor (a refused upgrade fails the run with its HTTP status).
  const probed = new Set<string>();
  for (const editor of plan.editors) {
    if (probed.has(editor.serverUrl)) continue;
    probed.add(editor.serverUrl);
    const headers: Record<string, string> = {};
    if (editor.cookie) headers.Cookie = editor.cookie;
    if (editor.origin) headers.Origin = editor.origin;
    await probeSocket(`${editor.serverUrl}/${editor.room}`, headers, editor.localAddress);
  }

  const serverSampler = new ProcSampler(
    servers.map((server) => server.pid),
    500,
  ).start();
  const rssBeforeConnect = serverSampler.samples.at(-1)?.rssBytes ?? Number.NaN;
  for (const server of servers) server.resetLog();

  const script = fileURLToPath(new URL('./loadProcess.ts', import.meta.url));
  const child = fork(script, [], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killClients = () => child.kill('SIGKILL');
  process.once('exit', killClients);
  const clientSampler = new ProcSampler(child.pid as number, 500).start();

  let windowStart = Number.NaN;
  let windowEnd = Number.NaN;
  let busyAtStart = Number.NaN;
  let busyAtEnd = Number.NaN;
  let pressureAtStart = { cpu: Number.NaN, io: Number.NaN };
  let pressureAtEnd = { cpu: Number.NaN, io: Number.NaN };
  let rssAfterConnect = Number.NaN;
  const finished = new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (message: ChildToParent) => {
      switch (message.type) {
        case 'connected':
          rssAfterConnect = serverSampler.sampleNow()?.rssBytes ?? Number.NaN;
          process.stderr.write(`  ${message.editors} editors synced in ${Math.round(message.ms)} ms\n`);
          break;
        case 'window-start':
          windowStart = performance.now();
          for (const server of servers) server.markWindow();
          busyAtStart = machineBusySeconds();
          pressureAtStart = pressureTotalsUs();
          serverSampler.sampleNow();
          clientSampler.sampleNow();
          break;
        case 'window-end':
          serverSampler.sampleNow();
          clientSampler.sampleNow();
          busyAtEnd = machineBusySeconds();
          pressureAtEnd = pressureTotalsUs();
          windowEnd = performance.now();
          for (const server of servers) server.markWindow();
          break;
        case 'result':
          resolve(message.result);
          break;
        case 'error':
          reject(new Error(`client process: ${message.message}`));
          break;
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`client process exited (code ${code}, signal ${signal})`)));
    servers.forEach((server, i) => {
      const which = servers.length > 1 ? ` process ${i + 1} of ${servers.length} (port ${server.port})` : '';
      void server.exited.then(({ code, signal }) =>
        reject(new Error(`${server.name} server${which} exited during the run (code ${code}, signal ${signal})`)),
      );
    });
  });
  child.send({ type: 'plan', plan } satisfies ParentToChild);

  try {
    const load = await finished;
    const rssAfterRun = serverSampler.sampleNow()?.rssBytes ?? Number.NaN;
    serverSampler.stop();
    clientSampler.stop();
    const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
    const serverWindow = serverSampler.summarize(windowStart, windowEnd);
    const clientWindow = clientSampler.summarize(windowStart, windowEnd);
    const windowUs = (windowEnd - windowStart) * 1000;
    const machinePercent = ((busyAtEnd - busyAtStart) / (windowUs / 1e6)) * 100;
    const pressurePercent = (from: number, to: number) => Math.round(((to - from) / windowUs) * 1000) / 10;
    return {
      scenario: plan.scenario,
      serverName: main.name,
      processes: servers.length,
      editors: plan.editors.length,
      rooms: new Set(plan.editors.map((e) => e.room)).size,
      load,
      deliveredPerSecond: Math.round((load.deliveries / load.windowS) * 10) / 10,
      sentPerSecond: Math.round((load.measuredEdits / load.windowS) * 10) / 10,
      deliveredRatio: load.expectedDeliveries > 0 ? load.deliveries / load.expectedDeliveries : Number.NaN,
      serverCpuUsPerDelivery:
        load.deliveries > 0 ? Math.round((serverWindow.cpuSeconds * 1e6) / load.deliveries) : Number.NaN,
      server: {
        ...serverWindow,
        rssBeforeConnectMiB: mib(rssBeforeConnect),
        rssAfterConnectMiB: mib(rssAfterConnect),
        rssAfterRunMiB: mib(rssAfterRun),
      },
      serverProcesses: serverSampler.summarizeEach(windowStart, windowEnd),
      clients: clientWindow,
      serverLog: mergeLogTallies(servers.map((server) => structuredClone(server.log))),
      otherCpuPercent: Math.max(
        0,
        Math.round((machinePercent - serverWindow.cpuPercent - clientWindow.cpuPercent) * 10) / 10,
      ),
      pressure: {
        cpuPercent: pressurePercent(pressureAtStart.cpu, pressureAtEnd.cpu),
        ioPercent: pressurePercent(pressureAtStart.io, pressureAtEnd.io),
      },
    };
  } finally {
    process.off('exit', killClients);
    serverSampler.stop();
    clientSampler.stop();
    if (child.exitCode === null && child.signalCode === null) {
      // The client process exits by itself after sending its result; give it a moment.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}
