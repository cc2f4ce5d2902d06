import type { CollabTuning } from './collab/collabTuning.ts';
import type { HistoryTuning } from './history/historyRecorder.ts';
import type { Logger } from './logger.ts';

/** What a process's services take besides the configuration: tests tune timers and clocks here. */
export type ServiceOptions = {
  logger?: Logger;
  /** Collaboration tunables (timers, thresholds) tests drive directly. */
  collabTuning?: Partial<CollabTuning>;
  /** When draft history keeps automatic versions. */
  historyTuning?: Partial<HistoryTuning>;
  /** The clock consent records' expiry is judged by (issue 18 item 1; tests inject it). */
  consentNow?: () => number;
};
