import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `--profile`: each server process the benchmark starts runs under
 * `node --cpu-prof` (V8 writes one .cpuprofile per thread, workers included,
 * when the process exits) with loopDelayRecorder.mjs preloaded, which records
 * the event loop's delay histogram (perf_hooks.monitorEventLoopDelay) over the
 * measured window and writes it as loop-delay.json at exit. Every process gets
 * a directory of its own under `bench/results/profiles/<run>/`.
 */

export type ProfileSetup = { dir: string; nodeArgs: string[]; env: Record<string, string> };

export const LOOP_DELAY_FILE = 'loop-delay.json';

let started = 0;
let runDir: string | null = null;

/** Node flags and environment for one profiled server process, or null when not profiling. */
export function profileSetup(options: { profile: boolean; resultsDir: string }, label: string): ProfileSetup | null {
  if (!options.profile) return null;
  runDir ??= path.join(
    options.resultsDir,
    'profiles',
    new Date()
      .toISOString()
      .replaceAll(':', '-')
      .replace(/\.\d+Z$/, 'Z'),
  );
  started++;
  const dir = path.join(runDir, `${String(started).padStart(2, '0')}-${label}`);
  mkdirSync(dir, { recursive: true });
  const recorder = fileURLToPath(new URL('./loopDelayRecorder.mjs', import.meta.url));
  return {
    dir,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', recorder],
    env: { JOINTLY_LOOP_HISTOGRAM_FILE: path.join(dir, LOOP_DELAY_FILE) },
  };
}
