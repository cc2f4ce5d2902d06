import { expect } from 'vitest';
import type { EntryPage } from '../pages/EntryPage.ts';
import type { Artifacts } from './Artifacts.ts';
import { PARTNERSHIP_SECTIONS } from './partnershipCategory.ts';

/** Checks and bookkeeping shared by the sign-off scenarios (10 and 17). */

/**
 * expect.poll with room for what reaches a page late: the provenance refetch
 * (debounced), the other browser's sync, and a page reading the entry again
 * after the server closed its socket (submit, reopen: 4101) and it reconnected.
 */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000 });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until every section of every page is editable, or read-only. */
export async function expectEditable(entries: EntryPage[], editable: boolean): Promise<void> {
  for (const entry of entries) {
    for (const title of PARTNERSHIP_SECTIONS) {
      await eventually(() => entry.section(title).isEditable()).toBe(editable);
    }
  }
}

/**
 * How long each step of a scenario took, kept in `timings-ms.json` as it
 * goes: `mark(step)` records the time since the previous mark.
 */
export function stepTimings(artifacts: Artifacts) {
  const timings: Record<string, number> = {};
  let last = Date.now();
  const mark = (step: string) => {
    const now = Date.now();
    timings[step] = now - last;
    last = now;
    artifacts.note('timings-ms.json', timings);
  };
  return { timings, mark };
}
