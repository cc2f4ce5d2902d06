import type { FileKind } from '@jointly/shared';
import { THUMBNAIL_MAX_SIDE, THUMBNAIL_TIMEOUT_MS } from './inspectionLimits.ts';
import { runInChildProcess } from './runInChildProcess.ts';

/**
 * A PNG (at most 320 px on its longer side) of the first page of a PDF or of
 * an image; null for other kinds or when rendering fails or times out (the
 * page then shows a generic icon). Runs in a child process with a time limit.
 * `options` is for tests.
 */
export async function renderThumbnail(
  path: string,
  kind: FileKind,
  options: { timeoutMs?: number } = {},
): Promise<Uint8Array | null> {
  if (kind !== 'pdf' && kind !== 'png' && kind !== 'jpeg') return null;
  const outcome = await runInChildProcess<Uint8Array | null>(
    { task: 'thumbnail', path, kind, maxSide: THUMBNAIL_MAX_SIDE },
    options.timeoutMs ?? THUMBNAIL_TIMEOUT_MS,
  );
  return outcome.ok && outcome.value ? new Uint8Array(outcome.value) : null;
}
