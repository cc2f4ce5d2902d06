import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { EditorClient, RunContext } from './EditorClient.ts';
import { type LatencyRecorder, summarize } from './latency.ts';
import type { ChildToParent, LoadPlan, LoadResult, ParentToChild } from './loadProtocol.ts';

/**
 * The client process: every simulated editor of one scenario lives here, in
 * a process of its own so neither server shares its event loop and the
 * orchestrator's sampling never delays a receipt. Forked by runPropagation.ts;
 * receives a LoadPlan, reports progress and one LoadResult, then exits.
 */

// Every WebsocketProvider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0);

/** Sampling interval of the client's event-loop delay monitor. */
const LOOP_DELAY_RESOLUTION_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(message: ChildToParent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error('loadProcess must be forked with an IPC channel');
    process.send(message, undefined, {}, () => resolve());
  });
}

async function connectAll(plan: LoadPlan, ctx: RunContext): Promise<{ editors: EditorClient[]; syncMs: number[] }> {
  const editors: EditorClient[] = [];
  const syncMs: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < plan.editors.length) {
      const spec = plan.editors[next++];
      if (!spec) break;
      const editor = new EditorClient(spec, ctx);
      editors.push(editor);
      syncMs.push(await editor.whenSynced(plan.syncTimeoutMs));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, plan.connectConcurrency) }, lane));
  return { editors, syncMs };
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const ctx = new RunContext();
  const connectStarted = performance.now();
  const { editors, syncMs } = await connectAll(plan, ctx);
  const connectMs = performance.now() - connectStarted;

  const rooms = new Map<string, EditorClient[]>();
  for (const editor of editors) {
    const room = rooms.get(editor.spec.room) ?? [];
    room.push(editor);
    rooms.set(editor.spec.room, room);
  }
  for (const room of rooms.values()) for (const editor of room) editor.setPeers(room);
  await send({ type: 'connected', editors: editors.length, ms: connectMs });

  // Each editor types every 1/rate seconds from a random phase, so the load is smooth, not in lockstep.
  const intervalMs = 1000 / plan.editsPerSecond;
  const start = performance.now();
  ctx.windowStart = start + plan.warmupS * 1000;
  ctx.windowEnd = ctx.windowStart + plan.durationS * 1000;
  const timers: NodeJS.Timeout[] = [];
  let editing = true;
  for (const editor of editors) {
    timers.push(
      setTimeout(() => {
        if (!editing) return;
        editor.edit(plan.cursor);
        timers.push(setInterval(() => editing && editor.edit(plan.cursor), intervalMs));
      }, Math.random() * intervalMs),
    );
  }

  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.startTime < ctx.windowStart || entry.startTime >= ctx.windowEnd) continue;
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  await sleep(ctx.windowStart - performance.now());
  loopDelay.enable();
  await send({ type: 'window-start' });
  await sleep(ctx.windowEnd - performance.now());
  editing = false;
  for (const timer of timers) clearTimeout(timer);
  loopDelay.disable();
  gcObserver.disconnect();
  await send({ type: 'window-end' });

  const drainStarted = performance.now();
  while (performance.now() - drainStarted < plan.drainS * 1000 && !editors.every((e) => e.caughtUp())) {
    await sleep(25);
  }
  const drainMs = performance.now() - drainStarted;

  for (const editor of editors) editor.destroy();
  await sleep(300);

  // The histogram records whole timer intervals: subtract the resolution to get the delay.
  const ns = (value: number) => Math.max(0, Math.round((value / 1e6 - LOOP_DELAY_RESOLUTION_MS) * 100) / 100);
  return {
    connectMs: Math.round(connectMs),
    connectSync: summarize(syncMs),
    latency: ctx.all.summary(),
    latencySameServer: ctx.sameServer.summary(),
    latencyCrossServer: ctx.crossServer.summary(),
    timeline: ctx.perSecond.map((bucket: LatencyRecorder, second) => {
      const s = bucket.summary();
      return { second, count: s.count, p50: s.p50, p99: s.p99, max: s.max };
    }),
    measuredEdits: ctx.measuredEdits,
    expectedDeliveries: ctx.expectedDeliveries,
    deliveries: ctx.deliveries,
    windowS: plan.durationS,
    unexpectedCloses: ctx.unexpectedCloses,
    connectionErrors: ctx.connectionErrors,
    reconnects: ctx.reconnects,
    clientLoopDelay: {
      p50: ns(loopDelay.percentile(50)),
      p99: ns(loopDelay.percentile(99)),
      max: ns(loopDelay.max),
    },
    clientGc: { count: gc.count, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs * 10) / 10 },
    drainMs: Math.round(drainMs),
  };
}

// The orchestrator went away (interrupted): stop at once rather than editing into the void.
process.on('disconnect', () => process.exit(1));

process.on('message', (message: ParentToChild) => {
  if (message.type !== 'plan') return;
  run(message.plan)
    .then(async (result) => {
      await send({ type: 'result', result });
      process.exit(0);
    })
    .catch(async (error: unknown) => {
      await send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
});
