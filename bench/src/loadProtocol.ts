import type { EditorSpec } from './EditorClient.ts';
import type { LatencySummary } from './latency.ts';

/** Messages between the orchestrator (main.ts) and the client process (loadProcess.ts). */

export type LoadPlan = {
  scenario: string;
  editors: EditorSpec[];
  editsPerSecond: number;
  warmupS: number;
  durationS: number;
  drainS: number;
  cursor: boolean;
  /** Editors connecting at once; the rest wait for a slot (a realistic ramp, not a stampede). */
  connectConcurrency: number;
  syncTimeoutMs: number;
};

export type LoadResult = {
  connectMs: number;
  /** Time to first sync per editor during the ramp (a by-product, not a target). */
  connectSync: LatencySummary;
  latency: LatencySummary;
  /** The deliveries between editors on the same server process (all of them with one process). */
  latencySameServer: LatencySummary;
  /** The deliveries between editors on different server processes (count 0 with one process). */
  latencyCrossServer: LatencySummary;
  /** p99 and sample count per second of the window (by send time). */
  timeline: { second: number; count: number; p50: number; p99: number; max: number }[];
  measuredEdits: number;
  expectedDeliveries: number;
  deliveries: number;
  windowS: number;
  unexpectedCloses: Record<string, number>;
  connectionErrors: number;
  reconnects: number;
  /** Event-loop delay of the client process over the window: if high, the clients distort the figures. */
  clientLoopDelay: { p50: number; p99: number; max: number };
  /** Garbage-collection pauses of the client process during the window. */
  clientGc: { count: number; totalMs: number; maxMs: number };
  drainMs: number;
};

export type ChildToParent =
  | { type: 'connected'; editors: number; ms: number }
  | { type: 'window-start' }
  | { type: 'window-end' }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string };

export type ParentToChild = { type: 'plan'; plan: LoadPlan };
