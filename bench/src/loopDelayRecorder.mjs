// Preloaded into a server under test by `--profile` (node --import <this file>), so the event
// loop's delay can be measured inside the server without any code of the server knowing: plain
// JavaScript, run by plain node. Active only when JOINTLY_LOOP_HISTOGRAM_FILE is set, and only on
// the main thread (worker threads inherit the preload).
//
// SIGUSR2 marks the measured window: the first one resets the histogram (window start), the
// second one freezes it (window end). The file is written at exit (the servers exit through
// process.exit on SIGTERM) with the window's percentiles, and the window's bounds as
// process.hrtime in microseconds — the monotonic clock V8's CPU profile uses for its timestamps,
// so bench/src/profileSummary.ts can keep only the profile's samples taken inside the window.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.JOINTLY_LOOP_HISTOGRAM_FILE;
// The histogram's timer period: every recorded delay includes it (an idle loop reads about 1 ms).
const RESOLUTION_MS = 1;
if (file && isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const startedUs = nowUs();
  let windowStartUs = null;
  let windowEndUs = null;
  let frozen = null;
  const snapshot = () => {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    return {
      count: histogram.count,
      minMs: ms(histogram.min),
      meanMs: ms(histogram.mean),
      p50Ms: ms(histogram.percentile(50)),
      p90Ms: ms(histogram.percentile(90)),
      p99Ms: ms(histogram.percentile(99)),
      p999Ms: ms(histogram.percentile(99.9)),
      maxMs: ms(histogram.max),
    };
  };
  process.on('SIGUSR2', () => {
    if (windowStartUs === null) {
      histogram.reset();
      windowStartUs = nowUs();
    } else if (windowEndUs === null) {
      windowEndUs = nowUs();
      frozen = snapshot();
    }
  });
  process.on('exit', () => {
    histogram.disable();
    const whole = windowStartUs === null;
    const body = {
      pid: process.pid,
      resolutionMs: RESOLUTION_MS,
      // Without the two signals the figures cover the whole life of the process.
      covers: whole ? 'process lifetime' : 'measured window',
      startedUs,
      windowStartUs,
      windowEndUs: windowEndUs ?? (whole ? null : nowUs()),
      delay: frozen ?? snapshot(),
    };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  });
}
