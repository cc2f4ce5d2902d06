import type { FileKind, FileMime } from '@jointly/shared';
import { INSPECTION_LIMITS, type InspectionLimits } from './inspectionLimits.ts';
import { refused } from './refusal.ts';
import { runInChildProcess } from './runInChildProcess.ts';

export type Inspection =
  | { ok: true; kind: FileKind; mime: FileMime; pages?: number; width?: number; height?: number }
  | { ok: false; status: 415 | 422; reason: string }; // 415: not an allowed type; 422: allowed type but refused. `reason` is a sentence shown to the uploader.

/**
 * Reads the file at `path` (already size-limited) and decides what it is
 * from its bytes; never trusts the name or the client's Content-Type
 * (RELIABILITY §H 52). Runs in a child process with a time limit (a timeout
 * is a 422), so a hostile file cannot stall editing. `limits` is for tests.
 */
export async function inspectUpload(path: string, limits: Partial<InspectionLimits> = {}): Promise<Inspection> {
  const all = { ...INSPECTION_LIMITS, ...limits };
  const outcome = await runInChildProcess<Inspection>({ task: 'inspect', path, limits: all }, all.timeoutMs);
  if (outcome.ok) return outcome.value;
  if (outcome.failure === 'timeout') {
    return refused(
      'The file took too long to check, so it was not accepted. If it is very large or complex, try a simpler copy.',
    );
  }
  // Out of memory or a crash in a parser: the file is what caused it.
  return refused('The file could not be checked (it made the checker fail), so it was not accepted.');
}
