import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import {
  UPDATE_DECODE_TIMEOUT_MS,
  UPDATE_INLINE_DECODE_MAX_BYTES,
  UPDATE_VALIDATOR_MAX_HEAP_MB,
  UPDATE_VALIDATOR_WORKERS,
} from '../config.ts';
import type { Logger } from '../logger.ts';
import {
  type ClientRange,
  clientRanges,
  SUMMARISE_UPDATE_BODY,
  type UpdateSummary,
} from './admission/updateSummary.ts';

/**
 * Decodes client updates with a time limit (C-SYNC-4, RELIABILITY B12). A
 * crafted update can make yjs loop or allocate for a long time (yjs #687);
 * in a worker thread it only costs the worker, which is terminated and
 * replaced, while the event loop keeps serving everyone else.
 *
 * The decode uses yjs' V1 decoder (`Y.decodeUpdateV2` with `UpdateDecoderV1`,
 * which is what `Y.decodeUpdate` does): every struct, its content and the
 * delete set, and checks the bytes were consumed exactly (trailing bytes are
 * refused). It returns what the update writes (admission/updateSummary.ts). Nothing here calls
 * `mergeUpdates*` or `applyUpdateV2` on client bytes.
 *
 * V1 decoding is linear in the input (the V1 format has no run-length
 * counts that expand), so updates of at most UPDATE_INLINE_DECODE_MAX_BYTES
 * are decoded on the main thread: that takes microseconds, less than the
 * round trip to a worker, whose scheduling on a busy 2-core machine is what
 * dominated edit latency. Larger updates always go to the worker.
 */

export type { ClientRange } from './admission/updateSummary.ts';

export type ValidationResult =
  | { ok: true; summary: UpdateSummary; clients: ClientRange[] }
  | { ok: false; failure: 'invalid' | 'timeout' | 'resources' | 'closed'; message: string };

/** Decodes an update on the calling thread (for small updates only). Throws on an invalid update. */
export const summariseUpdate = new Function('Y', 'bytes', SUMMARISE_UPDATE_BODY) as (
  y: typeof Y,
  bytes: Uint8Array,
) => UpdateSummary;

/**
 * The worker's code. Evaluated as a script (not a file) so it runs the same
 * under tsx, vitest and the esbuild bundle; it loads yjs by the absolute path
 * the main thread resolved.
 */
export const UPDATE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjsPath);
const summariseUpdate = function (Y, bytes) {${SUMMARISE_UPDATE_BODY}};
// A trial applies an update to a copy of the room's document and times it (C-SCHEMA-4).
const trialApply = (state, bytes) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const started = performance.now();
  Y.applyUpdate(doc, bytes);
  const applyMs = performance.now() - started;
  return { applyMs, pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null };
};
parentPort.on('message', (job) => {
  try {
    if (job.state) parentPort.postMessage({ id: job.id, ok: true, trial: trialApply(job.state, job.bytes) });
    else parentPort.postMessage({ id: job.id, ok: true, summary: summariseUpdate(Y, job.bytes) });
  } catch (err) {
    parentPort.postMessage({ id: job.id, ok: false, message: String(err && err.message ? err.message : err) });
  }
});
parentPort.postMessage({ ready: true });
`;

function succeeded(summary: UpdateSummary): ValidationResult {
  return { ok: true, summary, clients: clientRanges(summary) };
}

/** What a trial apply measured (C-SCHEMA-4). */
export type TrialResult =
  | { ok: true; applyMs: number; pending: boolean }
  | { ok: false; failure: 'invalid' | 'timeout' | 'resources' | 'closed'; message: string };

type Failure = Extract<ValidationResult, { ok: false }>;

type Job = {
  id: number;
  bytes: Uint8Array;
  /** Set for a trial: the document's state to apply `bytes` to. */
  state?: Uint8Array;
  resolve(result: ValidationResult | TrialResult): void;
};

type Slot = {
  worker: Worker;
  /**
   * The worker said it is loaded. Jobs wait for that, so a decode's time limit never
   * includes starting a thread (which takes longer than the limit on a busy machine).
   */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
};

export type UpdateValidatorOptions = {
  timeoutMs?: number;
  workers?: number;
  maxHeapMb?: number;
  /** Updates up to this size are decoded on the calling thread; 0 sends every update to a worker. */
  inlineMaxBytes?: number;
  logger?: Logger;
  /** Tests only: a different worker script speaking the same messages. */
  workerSource?: string;
};

export type UpdateValidator = {
  validate(bytes: Uint8Array): Promise<ValidationResult>;
  /**
   * Applies an update to a copy of a document (`state`, a buffer handed over to the worker) in a
   * worker, within the decode time limit, and says how long the apply took (C-SCHEMA-4).
   */
  trial(state: Uint8Array, bytes: Uint8Array): Promise<TrialResult>;
  /** Workers replaced after a timeout or crash since start (for tests and metrics). */
  readonly restarts: number;
  close(): Promise<void>;
};

export function createUpdateValidator(options: UpdateValidatorOptions = {}): UpdateValidator {
  const timeoutMs = options.timeoutMs ?? UPDATE_DECODE_TIMEOUT_MS;
  const size = Math.max(1, options.workers ?? UPDATE_VALIDATOR_WORKERS);
  const maxHeapMb = options.maxHeapMb ?? UPDATE_VALIDATOR_MAX_HEAP_MB;
  const source = options.workerSource ?? UPDATE_WORKER_SOURCE;
  const inlineMaxBytes = options.inlineMaxBytes ?? UPDATE_INLINE_DECODE_MAX_BYTES;
  const require = createRequire(import.meta.url);
  const workerData = { yjsPath: require.resolve('yjs') };

  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let restarts = 0;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(source, {
      eval: true,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    worker.on(
      'message',
      (message: {
        ready?: boolean;
        id: number;
        ok: boolean;
        summary?: UpdateSummary;
        trial?: { applyMs: number; pending: boolean };
        message?: string;
      }) => {
        if (message.ready) {
          slot.ready = true;
          dispatch();
          return;
        }
        const job = slot.job;
        if (!job || job.id !== message.id) return;
        finish(
          slot,
          message.ok && message.trial
            ? { ok: true, ...message.trial }
            : message.ok && message.summary
              ? succeeded(message.summary)
              : { ok: false, failure: 'invalid', message: message.message ?? 'invalid update' },
        );
      },
    );
    worker.on('error', (err) => {
      // Out of memory or a crash inside the worker: the update is refused and the worker replaced.
      options.logger?.warn('update decode worker failed', { err: String(err) });
      replace(slot, { ok: false, failure: 'resources', message: String(err) });
    });
    worker.on('exit', () => {
      if (!closed && slots.includes(slot)) replace(slot, { ok: false, failure: 'resources', message: 'worker exited' });
    });
    return slot;
  }

  function finish(slot: Slot, result: ValidationResult | TrialResult) {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    job?.resolve(result);
    dispatch();
  }

  function replace(slot: Slot, result: Failure) {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    restarts++;
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    void slot.worker.terminate();
    if (closed) {
      slots.splice(index, 1);
    } else {
      slots[index] = spawn();
    }
    job?.resolve(result);
    dispatch();
  }

  function dispatch() {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.job || !slot.ready) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        options.logger?.warn('update decode timed out; worker replaced', { timeoutMs });
        replace(slot, { ok: false, failure: 'timeout', message: `decode took over ${timeoutMs} ms` });
      }, timeoutMs);
      // A copy of just these bytes (a ws frame may be a view of a larger pooled buffer), handed over without a second copy.
      const bytes = new Uint8Array(job.bytes);
      if (job.state)
        slot.worker.postMessage({ id: job.id, bytes, state: job.state }, [
          bytes.buffer,
          job.state.buffer as ArrayBuffer,
        ]);
      else slot.worker.postMessage({ id: job.id, bytes }, [bytes.buffer]);
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    validate(bytes) {
      if (closed) return Promise.resolve({ ok: false, failure: 'closed', message: 'validator closed' });
      if (bytes.length <= inlineMaxBytes) {
        try {
          return Promise.resolve(succeeded(summariseUpdate(Y, bytes)));
        } catch (err) {
          return Promise.resolve({ ok: false, failure: 'invalid', message: (err as Error).message ?? String(err) });
        }
      }
      return new Promise<ValidationResult>((resolve) => {
        queue.push({ id: nextId++, bytes, resolve: resolve as (result: ValidationResult | TrialResult) => void });
        dispatch();
      });
    },
    trial(state, bytes) {
      if (closed) return Promise.resolve({ ok: false, failure: 'closed', message: 'validator closed' });
      return new Promise<TrialResult>((resolve) => {
        queue.push({
          id: nextId++,
          bytes,
          state,
          resolve: resolve as (result: ValidationResult | TrialResult) => void,
        });
        dispatch();
      });
    },
    get restarts() {
      return restarts;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ ok: false, failure: 'closed', message: 'validator closed' });
      const workers = slots.splice(0);
      for (const slot of workers) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.resolve({ ok: false, failure: 'closed', message: 'validator closed' });
      }
      await Promise.all(workers.map((slot) => slot.worker.terminate()));
    },
  };
}
