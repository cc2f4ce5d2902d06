import { HISTORY_TUNING } from '../config.ts';
import type { Logger } from '../logger.ts';

/** When automatic versions are kept (config HISTORY_TUNING); tests pass shorter values. */
export type HistoryTuning = { quietMs: number; maxSessionMs: number; minIntervalMs: number; sweepMs: number };

/** What the collaboration socket learnt of one write: who, and which sections it touched. */
export type WriteNote = { userId: string; organisationId: string; sections: readonly string[] };

type Session = {
  entryId: string;
  sectionId: string;
  userId: string;
  organisationId: string;
  startedAt: number;
  lastAt: number;
};

export type HistoryRecorder = ReturnType<typeof createHistoryRecorder>;

/**
 * The automatic versions (issue 14 item 4): a person's session of edits in a
 * section ends when they have not written in it for `quietMs`, or after
 * `maxSessionMs` while they go on; it is then kept as a version of the
 * section as the live document holds it, at most one per section every
 * `minIntervalMs` (a session ending sooner waits, and usually finds its
 * edits already in the next version).
 *
 * The edit path only calls `note`, which updates a map entry per
 * (entry, section, person): no document is read, nothing is awaited, so
 * acknowledgements and relaying are not delayed. Capturing happens on a
 * timer, off the edit path. Each process notes the writes its own sockets
 * received; two processes may both keep a session of one section, which is
 * harmless (an unchanged section is not kept twice in a row).
 */
export function createHistoryRecorder(deps: {
  tuning?: Partial<HistoryTuning>;
  record(entryId: string, sectionId: string, actor: { userId: string; organisationId: string }): Promise<unknown>;
  logger: Logger;
  now?: () => number;
}) {
  const tuning: HistoryTuning = { ...HISTORY_TUNING, ...deps.tuning };
  const now = deps.now ?? Date.now;
  const sessions = new Map<string, Session>();
  /** When each (entry, section) last got an automatic version from this process. */
  const lastRecorded = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const timer = setInterval(() => sweep(), tuning.sweepMs);
  timer.unref();

  function note(entryId: string, writes: readonly WriteNote[]): void {
    if (writes.length === 0) return;
    const at = now();
    for (const write of writes) {
      for (const sectionId of write.sections) {
        const key = `${entryId}\u0000${sectionId}\u0000${write.userId}`;
        const session = sessions.get(key);
        if (session) session.lastAt = at;
        else {
          sessions.set(key, {
            entryId,
            sectionId,
            userId: write.userId,
            organisationId: write.organisationId,
            startedAt: at,
            lastAt: at,
          });
        }
      }
    }
  }

  function capture(key: string, session: Session, at: number): void {
    sessions.delete(key);
    lastRecorded.set(`${session.entryId}\u0000${session.sectionId}`, at);
    const running = deps
      .record(session.entryId, session.sectionId, { userId: session.userId, organisationId: session.organisationId })
      .catch((err: unknown) =>
        deps.logger.warn('history: automatic version not kept', {
          entryId: session.entryId,
          sectionId: session.sectionId,
          err: String(err),
        }),
      )
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  }

  /** Keeps every session that has ended and whose section may take a version now. */
  function sweep(): void {
    const at = now();
    for (const [key, session] of sessions) {
      const ended = at - session.lastAt >= tuning.quietMs || at - session.startedAt >= tuning.maxSessionMs;
      if (!ended) continue;
      const last = lastRecorded.get(`${session.entryId}\u0000${session.sectionId}`);
      if (last !== undefined && at - last < tuning.minIntervalMs) continue;
      capture(key, session, at);
    }
    // Forget sections whose interval has passed, so the map holds only recent ones.
    for (const [key, last] of lastRecorded) if (at - last >= tuning.minIntervalMs) lastRecorded.delete(key);
  }

  /** Keeps every open session now, whatever the timers say (shutdown), and waits for the captures. */
  async function close(): Promise<void> {
    clearInterval(timer);
    const at = now();
    for (const [key, session] of sessions) capture(key, session, at);
    await Promise.all([...inFlight]);
  }

  return { note, sweep, close, pending: () => sessions.size };
}
