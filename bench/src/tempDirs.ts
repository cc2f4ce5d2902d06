import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Temporary DATA_DIRs for Jointly. Registered so an interrupted run removes
 * them too (removeAllTempDirs runs in the process 'exit' handler).
 */
const created = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Removes `dir`, or with `keep` only forgets it and says where it is. */
export function removeTempDir(dir: string, keep: boolean): void {
  created.delete(dir);
  if (keep) process.stderr.write(`  data kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}

export function removeAllTempDirs(): void {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  created.clear();
}
