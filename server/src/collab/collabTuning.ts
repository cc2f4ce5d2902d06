import {
  AWARENESS_MAX_BYTES,
  AWARENESS_MAX_DEPTH,
  AWARENESS_MIN_INTERVAL_MS,
  COMPACT_AFTER_UPDATES,
  CONNECTION_QUEUE_MAX_BYTES,
  CONNECTION_QUEUE_MAX_MESSAGES,
  MAX_SOCKETS_PER_IP,
  MAX_SOCKETS_PER_USER,
  PARTIAL_MESSAGE_MAX_MS,
  PENDING_STRUCTS_MAX_BYTES,
  REFUSED_UPGRADE_LINGER_MS,
  ROOM_UNLOAD_GRACE_MS,
  SOCKET_MAX_BUFFERED_BYTES,
  SOCKET_PING_INTERVAL_MS,
  SOCKET_SESSION_RECHECK_MS,
  UPDATE_DECODE_TIMEOUT_MS,
  UPDATE_DELETE_RANGES_MAX,
  UPDATE_IN_UPDATE_SCAN_STEPS_MAX,
  UPDATE_INLINE_DECODE_MAX_BYTES,
  UPDATE_ITEM_SCAN_STEPS_MAX,
  UPDATE_NEW_CLIENTS_MAX,
  UPDATE_SCAN_STEPS_MAX,
  UPDATE_STRUCTS_MAX,
  UPDATE_TRIAL_APPLY_MAX_MS,
  UPDATE_VALIDATOR_WORKERS,
} from '../config.ts';
import type { AdmissionLimits } from './admission/admitUpdate.ts';

/**
 * The collaboration layer's tunables in one object, defaulting to the named
 * constants of config.ts (which say why each value). Tests pass overrides so
 * timers and thresholds can be exercised quickly; production uses defaults.
 */
export type CollabTuning = {
  roomUnloadGraceMs: number;
  compactAfterUpdates: number;
  pendingStructsMaxBytes: number;
  connectionQueueMaxMessages: number;
  connectionQueueMaxBytes: number;
  awarenessMaxBytes: number;
  awarenessMaxDepth: number;
  awarenessMinIntervalMs: number;
  socketMaxBufferedBytes: number;
  sessionRecheckMs: number;
  pingIntervalMs: number;
  decodeTimeoutMs: number;
  inlineDecodeMaxBytes: number;
  validatorWorkers: number;
  maxSocketsPerUser: number;
  maxSocketsPerIp: number;
  refusedUpgradeLingerMs: number;
  /** An incomplete WebSocket message older than this closes its socket (partialMessages.ts). */
  partialMessageMaxMs: number;
  /** SQLite only: checkpoint the WAL in a background thread instead of in commits on the event loop. */
  backgroundCheckpoints: boolean;
  /** Bounds on what one client update may carry (C-SCHEMA-*). */
  admission: AdmissionLimits;
  /** An update whose cost no bound proves is refused if a worker took longer than this to apply it (C-SCHEMA-4). */
  trialApplyMaxMs: number;
  /** Group-commit transactions in flight at once (createCollabServer: more on PostgreSQL). */
  commitsInFlight: number;
};

/**
 * Group-commit transactions one process keeps in flight on PostgreSQL (its pool has 10 connections).
 * Each room has at most one batch in flight, so concurrent transactions would hold different
 * entries. Three were kept for a while, so that a batch arriving during a commit went at once;
 * measured against one, interleaved on the benchmark's two cores (bench/README.md, issue 16), one
 * gave the lower cross-process p99 in every pair: batches waiting for the commit in flight join
 * the next one, so there are fewer transactions, fewer PostgreSQL round trips and less CPU for
 * PostgreSQL, which shares the cores. SQLite has one connection and one writer: one there too.
 */
export const POSTGRES_COMMITS_IN_FLIGHT = 1;

export const DEFAULT_COLLAB_TUNING: Readonly<CollabTuning> = {
  roomUnloadGraceMs: ROOM_UNLOAD_GRACE_MS,
  compactAfterUpdates: COMPACT_AFTER_UPDATES,
  pendingStructsMaxBytes: PENDING_STRUCTS_MAX_BYTES,
  connectionQueueMaxMessages: CONNECTION_QUEUE_MAX_MESSAGES,
  connectionQueueMaxBytes: CONNECTION_QUEUE_MAX_BYTES,
  awarenessMaxBytes: AWARENESS_MAX_BYTES,
  awarenessMaxDepth: AWARENESS_MAX_DEPTH,
  awarenessMinIntervalMs: AWARENESS_MIN_INTERVAL_MS,
  socketMaxBufferedBytes: SOCKET_MAX_BUFFERED_BYTES,
  sessionRecheckMs: SOCKET_SESSION_RECHECK_MS,
  pingIntervalMs: SOCKET_PING_INTERVAL_MS,
  decodeTimeoutMs: UPDATE_DECODE_TIMEOUT_MS,
  inlineDecodeMaxBytes: UPDATE_INLINE_DECODE_MAX_BYTES,
  validatorWorkers: UPDATE_VALIDATOR_WORKERS,
  maxSocketsPerUser: MAX_SOCKETS_PER_USER,
  maxSocketsPerIp: MAX_SOCKETS_PER_IP,
  refusedUpgradeLingerMs: REFUSED_UPGRADE_LINGER_MS,
  partialMessageMaxMs: PARTIAL_MESSAGE_MAX_MS,
  backgroundCheckpoints: true,
  admission: {
    structsMax: UPDATE_STRUCTS_MAX,
    deleteRangesMax: UPDATE_DELETE_RANGES_MAX,
    newClientsMax: UPDATE_NEW_CLIENTS_MAX,
    scanStepsMax: UPDATE_SCAN_STEPS_MAX,
    itemScanStepsMax: UPDATE_ITEM_SCAN_STEPS_MAX,
    inUpdateScanStepsMax: UPDATE_IN_UPDATE_SCAN_STEPS_MAX,
  },
  trialApplyMaxMs: UPDATE_TRIAL_APPLY_MAX_MS,
  commitsInFlight: 1,
};
