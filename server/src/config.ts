import path from 'node:path';
import { DEFAULT_ENTRY_FILES_MAX_BYTES, DEFAULT_FILE_MAX_BYTES } from '@jointly/shared';
import { z } from 'zod';
import { type ConsentConfig, loadConsentConfig } from './consentConfig.ts';
import { loadSsoConfig, type SsoConfig } from './ssoConfig.ts';

/** The server's configuration, the only module that reads `process.env`; every variable is in the README. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** postgres://… selects PostgreSQL; unset means the embedded SQLite file. */
  DATABASE_URL: z.string().url().optional(),
  /** redis://… relays updates and presence between processes and holds the shared sign-in limits (scaled mode). */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis channel and key Jointly uses, so several deployments (or tests) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/)
    .default('jointly:'),
  /**
   * The public origin, e.g. https://jointly.example.nhs.uk; used for links and the Origin check. Links in
   * e-mails come only from it (never from a request's Host header), so production with SMTP_URL requires it.
   */
  PUBLIC_URL: z.string().url().optional(),
  /** smtp://user:pass@host:port; unset means invitation links are shown to the lead instead. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Jointly <no-reply@jointly.local>'),
  /** Largest WebSocket message accepted, in bytes (PRODUCT §6: at most 8 MiB by default). */
  COLLAB_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /**
   * SQLite `synchronous`. NORMAL (the default) keeps every committed update
   * through a killed process (kill -9, a crash) but may lose the last commits
   * on power loss or an OS crash; FULL survives those too, at the price of an
   * fsync on every commit, which better-sqlite3 runs on the event loop (it
   * multiplied the benchmark's propagation p99 about tenfold here).
   */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('NORMAL'),
  /** Largest uploaded file, in bytes (issue 13); a larger upload is refused with 413 before it is stored. */
  FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(DEFAULT_FILE_MAX_BYTES),
  /** Bytes of files one entry may hold in all; an upload past it is refused with 413 `entry_quota_exceeded`. */
  ENTRY_FILES_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024 * 1024)
    .default(DEFAULT_ENTRY_FILES_MAX_BYTES),
  /** tcp://host:port of a clamd; set, every upload is scanned before it is stored (and refused while clamd is unreachable). */
  CLAMAV_URL: z
    .string()
    .regex(/^tcp:\/\/\S+:\d{1,5}$/, 'expected tcp://host:port')
    .optional(),
  /** Where the built client lives; unset means ../client/dist beside the server. */
  CLIENT_DIST_DIR: z.string().optional(),
  /**
   * Notification e-mails (issue 14 item 5) are batched: at most one digest per person per this many
   * milliseconds (default 15 minutes), holding what is still unread when it is sent.
   */
  NOTIFICATION_DIGEST_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(7 * 24 * 60 * 60 * 1000)
    .default(15 * 60 * 1000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
});

export type Config = {
  /** development: account links are logged when there is no SMTP_URL (never in production or test). */
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  collabMaxMessageBytes: number;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  clientDistDir: string | undefined;
  fileMaxBytes: number;
  entryFilesMaxBytes: number;
  clamavUrl: string | undefined;
  /** NOTIFICATION_DIGEST_INTERVAL_MS: the least time between two digests to one person. */
  notificationDigestIntervalMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** True when served over https: cookies get `Secure` and the `__Host-` prefix. */
  secureCookies: boolean;
} & { sso: SsoConfig | null } & ConsentConfig;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    // Several processes relaying over Redis must share one store; a SQLite file per process would diverge.
    throw new Error('Invalid configuration: REDIS_URL needs DATABASE_URL (scaled mode shares PostgreSQL)');
  }
  if (e.NODE_ENV === 'production' && e.SMTP_URL && !e.PUBLIC_URL) {
    // E-mail links must not come from a request's Host header (issue #10 finding 11), and production has no other source.
    throw new Error(
      'Invalid configuration: PUBLIC_URL is required when SMTP_URL is set in production (links in e-mails are built from it, e.g. PUBLIC_URL=https://jointly.example.nhs.uk)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    collabMaxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    clientDistDir: e.CLIENT_DIST_DIR ? path.resolve(e.CLIENT_DIST_DIR) : undefined,
    fileMaxBytes: e.FILE_MAX_BYTES,
    entryFilesMaxBytes: e.ENTRY_FILES_MAX_BYTES,
    clamavUrl: e.CLAMAV_URL,
    notificationDigestIntervalMs: e.NOTIFICATION_DIGEST_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.PUBLIC_URL?.startsWith('https://') ?? false,
    nodeEnv: e.NODE_ENV,
    ...loadSsoConfig(env),
    ...loadConsentConfig(env),
  };
}

// ---------------------------------------------------------------------------
// Tunable constants, each with its unit and why that value.
// ---------------------------------------------------------------------------

/** Review requests (ask for approval) per account: 30 at once, then one every 20 s. */
export const REVIEW_REQUEST_LIMIT_PER_ACCOUNT = { capacity: 30, refillMs: 20 * 1000 } as const;
export const REVIEW_REQUEST_LIMIT_PER_ORGANISATION = { capacity: 150, refillMs: 4 * 1000 } as const;

/** Sessions end after this long without a request (NHS shift length plus margin). */
export const SESSION_IDLE_TIMEOUT_MS = 24 * 60 * 60 * 1000;
/** Sessions end this long after sign-in whatever the activity (fortnightly re-authentication). */
export const SESSION_ABSOLUTE_TIMEOUT_MS = 14 * 24 * 60 * 60 * 1000;
/** Refresh `lastActiveAt` at most this often, so reads do not become writes. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
/** Invitations expire after a week: long enough for a partner's sign-off chain. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Live sockets re-check their session this often, so expiry closes them promptly. */
export const SOCKET_SESSION_RECHECK_MS = 30 * 1000;
/** Ping idle sockets this often; one without a pong by the next ping is closed. */
export const SOCKET_PING_INTERVAL_MS = 30 * 1000;
/** A document nobody has open stays loaded this long, so a reload does not re-read it. */
export const ROOM_UNLOAD_GRACE_MS = 30 * 1000;
/**
 * A cold room loads its document once its first sync replies are written to the sockets (the
 * load blocks the event loop, which would hold back the rest of a large reply), or after this
 * long if a slow client has not taken its reply by then.
 */
export const COLD_ROOM_LOAD_MAX_DEFER_MS = 1000;
/** Compact a document's update log into a snapshot once it holds this many updates. */
export const COMPACT_AFTER_UPDATES = 500;
/** A client update that takes longer than this to decode is treated as hostile (yjs #687). */
export const UPDATE_DECODE_TIMEOUT_MS = 1500;
/** Awareness states larger than this are refused: presence is a name and a caret. */
export const AWARENESS_MAX_BYTES = 16 * 1024;
/**
 * Sign-in and sign-up attempts per IP: a burst of 30, then one more every 2 s
 * (30 a minute sustained), generous for an NHS office behind one NAT address.
 */
export const LOGIN_IP_BUCKET_SIZE = 30;
export const LOGIN_IP_REFILL_MS = 2 * 1000;
/**
 * An account's escalating sign-in lock-out (1 s, 2 s … 300 s) is forgotten this long after its
 * last failure, so the state (and its Redis keys' TTL) is bounded; see Throttler in auth/throttleStore.ts.
 */
export const LOGIN_THROTTLE_FORGET_MS = 60 * 60 * 1000;
/**
 * Scaled mode: a sign-in throttle command Redis has not answered within this long counts as Redis
 * being unreachable (the request then uses this process's own limits, see redisThrottleStore.ts).
 * Far above a healthy round trip (well under a millisecond) and a large relayed message queued ahead.
 */
export const LOGIN_THROTTLE_REDIS_TIMEOUT_MS = 1000;
/** After Redis failed a throttle command, use this process's own limits this long before trying Redis again. */
export const LOGIN_THROTTLE_REDIS_RETRY_MS = 2000;

/** Two-factor sign-in (issue 15): the code must follow the password within 5 minutes, 5 wrong codes at most. */
export const PENDING_LOGIN_TTL_MS = 5 * 60 * 1000;
export const PENDING_LOGIN_MAX_FAILURES = 5;
/** Codes tried per account (sign-in, confirm, disable, new codes), right or wrong: 10, then 1 a minute (all pending sign-ins). */
export const SECOND_FACTOR_LIMIT_PER_ACCOUNT = { capacity: 10, refillMs: 60 * 1000 } as const;

// Action rate limits (src/limits, issue 10 finding 8, RELIABILITY G50): token buckets of `capacity`
// actions (the burst), one more every `refillMs`. Per account and, about five times larger, per
// organisation (colleagues share it; anyone can sign up under an organisation's name, so it is kept
// well above a real organisation's use so that one account cannot spend it for everyone).
/** Entries created: a person starts a handful a season; 20 at once, then one every 30 minutes (1,000 in 5 s is abuse). */
export const ENTRY_LIMIT_PER_ACCOUNT = { capacity: 20, refillMs: 30 * 60 * 1000 } as const;
export const ENTRY_LIMIT_PER_ORGANISATION = { capacity: 100, refillMs: 6 * 60 * 1000 } as const;
/** Comments and replies: a busy review is a few dozen in a sitting; 60 at once, then 3 a minute sustained. */
export const COMMENT_LIMIT_PER_ACCOUNT = { capacity: 60, refillMs: 20 * 1000 } as const;
export const COMMENT_LIMIT_PER_ORGANISATION = { capacity: 300, refillMs: 4 * 1000 } as const;
/** Suggestions made through the server (C-SUGGEST-5): each is a document write and may notify; as comments. */
export const SUGGESTION_LIMIT_PER_ACCOUNT = { capacity: 60, refillMs: 20 * 1000 } as const;
export const SUGGESTION_LIMIT_PER_ORGANISATION = { capacity: 300, refillMs: 4 * 1000 } as const;
/** Invitations created: a lead invites a partnership of tens of people across a few entries; then one every 2 minutes. */
export const INVITATION_LIMIT_PER_ACCOUNT = { capacity: 60, refillMs: 2 * 60 * 1000 } as const;
export const INVITATION_LIMIT_PER_ORGANISATION = { capacity: 300, refillMs: 24 * 1000 } as const;
/** Emails a person's actions send (invitations and @mentions): 40 at once, then 20 an hour, so nobody runs a mail cannon. */
export const EMAIL_LIMIT_PER_SENDER = { capacity: 40, refillMs: 3 * 60 * 1000 } as const;
export const EMAIL_LIMIT_PER_ORGANISATION = { capacity: 200, refillMs: 36 * 1000 } as const;
/** Invitation emails one address receives: 3 a day (a lost mail, a corrected role), never 50 (finding 9). */
export const INVITATION_EMAILS_PER_RECIPIENT = { capacity: 3, refillMs: 8 * 60 * 60 * 1000 } as const;
/** Mention emails one address receives: 20 a day; beyond that the mentions still show in the entry. */
export const MENTION_EMAILS_PER_RECIPIENT = { capacity: 20, refillMs: 72 * 60 * 1000 } as const;
/** Scaled mode: a rate-limit command Redis has not answered within this long falls back to this process's limits. */
export const ACTION_LIMIT_REDIS_TIMEOUT_MS = 1000;
/** After Redis failed a rate-limit command, use this process's own limits this long before trying Redis again. */
export const ACTION_LIMIT_REDIS_RETRY_MS = 2000;
/** Concurrent sockets allowed per user (several tabs, never hundreds). */
export const MAX_SOCKETS_PER_USER = 20;
/** Concurrent sockets allowed per IP (an office NAT can hold many users). */
export const MAX_SOCKETS_PER_IP = 200;
/** Request bodies of the JSON API are small; anything larger is refused with 413. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;
/**
 * An upload's body is its file plus the multipart framing (boundaries, part headers with the file
 * name): a request more than this over FILE_MAX_BYTES is refused with 413 before it is read.
 */
export const UPLOAD_FRAMING_MAX_BYTES = 16 * 1024;

// Collaboration socket (src/collab). See server/COLLAB_PROTOCOL.md.
/** Threads that decode client updates off the main loop; one leaves the other core to the event loop. */
export const UPDATE_VALIDATOR_WORKERS = 1;
/** Heap of a decode worker in MiB: a hostile update that balloons kills the worker, not the server. */
export const UPDATE_VALIDATOR_MAX_HEAP_MB = 256;
/** Bytes of structs waiting for missing dependencies a document may hold (yjs pending store). */
/**
 * Admission of client updates (C-SCHEMA-*). Structs per update: a paste of a
 * whole section is a few thousand; 50,000 keeps the check's cost to a few ms.
 */
export const UPDATE_STRUCTS_MAX = 50_000;
/** Delete-set ranges per update: a select-all delete of a long history is a few thousand. */
export const UPDATE_DELETE_RANGES_MAX = 50_000;
/** Writes of a connection that may not write judged for changing nothing (C-WRITE-6): its answer
 * to our SyncStep1 and a few around it (a late-loading offline copy); the rest are dropped unread. */
export const READ_ONLY_WRITES_JUDGED_MAX = 4;
/**
 * Yjs client ids one update may write under: an editor writes under its own, a reconnecting one
 * sends what the server lacks (its own sessions' structs). Checked in the decode, before each
 * struct is described, so a flood of client ids costs almost nothing (C-SCHEMA-1). The clients
 * named only in its delete set do not count (a first sync carries the whole delete set).
 */
export const UPDATE_CLIENTS_MAX = 64;
/** New Yjs client ids per update: one per editor session, plus a few offline sessions not yet synced. */
export const UPDATE_NEW_CLIENTS_MAX = 8;
/**
 * Items yjs may step over to place one update's items (conflictScanSteps.ts). An
 * editor's neighbours are adjacent, so honest updates step over a handful;
 * 10,000 steps cost about a millisecond.
 */
export const UPDATE_SCAN_STEPS_MAX = 10_000;
/**
 * Items yjs may step over to place one item: items inserted concurrently at
 * one spot. 256 is far beyond people typing at one spot at once, and keeps a
 * document's load (which re-places everything) near linear.
 */
export const UPDATE_ITEM_SCAN_STEPS_MAX = 256;
/**
 * Bound on yjs' walks among one update's own items (inUpdateScanBound.ts) under
 * which the update is applied without measuring it first. An editor's update
 * is a chain (bound 0); 40,000 steps of that walk cost about 10 ms.
 */
export const UPDATE_IN_UPDATE_SCAN_STEPS_MAX = 40_000;
/**
 * Over that bound, a worker applies the update to a copy of the document
 * first; it is refused (4422) if that took longer than this. The main thread
 * then spends about as long, so this is what one update may cost everyone.
 */
export const UPDATE_TRIAL_APPLY_MAX_MS = 25;
export const PENDING_STRUCTS_MAX_BYTES = 1024 * 1024;
/** Messages a connection may have waiting (room loading, updates being decoded) before it is closed as a flood. */
export const CONNECTION_QUEUE_MAX_MESSAGES = 256;
/** Bytes a connection may have waiting; two maximal messages, so a paste is never refused for queueing. */
export const CONNECTION_QUEUE_MAX_BYTES = 16 * 1024 * 1024;
/** A socket whose unsent output exceeds this many bytes is a reader that cannot keep up; it is dropped. */
export const SOCKET_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Awareness JSON nesting allowed: a caret is four levels deep, so eight leaves room and stops JSON bombs. */
export const AWARENESS_MAX_DEPTH = 8;
/** One awareness update per connection per this many ms is applied; faster ones are coalesced to the latest. */
export const AWARENESS_MIN_INTERVAL_MS = 50;
/** A refused upgrade's response is flushed, then the socket is destroyed at the latest after this long. */
export const REFUSED_UPGRADE_LINGER_MS = 1000;
/**
 * A WebSocket message still incomplete (fragments, or a frame's payload still arriving) this long
 * after its first frame closes its socket with 1008 (partialMessages.ts): y-websocket sends each
 * message whole, so this is a stalled or hostile client; 10 s still carries a maximal 8 MiB message
 * over a 7 Mbit/s uplink.
 */
export const PARTIAL_MESSAGE_MAX_MS = 10 * 1000;
/** Incomplete-message bytes one person's sockets may hold together, in messages of COLLAB_MAX_MESSAGE_BYTES (two tabs pasting at once). */
export const PARTIAL_MESSAGE_USER_BUDGET_MESSAGES = 2;
/** Incomplete-message bytes the whole process may hold, in messages of COLLAB_MAX_MESSAGE_BYTES (128 MiB at the default). */
export const PARTIAL_MESSAGE_PROCESS_BUDGET_MESSAGES = 16;
/** A socket closed for an incomplete message is dropped this long after its close frame, whether or not it answers. */
export const PARTIAL_MESSAGE_CLOSE_LINGER_MS = 250;
// Scaled mode (src/scale): several processes on PostgreSQL, relaying over Redis.
/**
 * A relayed batch whose predecessor has not arrived within this long (our own commit revealed
 * another process's update we have not seen) makes the room re-read the store: long enough for
 * a message in flight, short enough that a lost one is caught before people notice.
 */
export const RELAY_GAP_RESYNC_MS = 1000;
/** Relayed messages kept for a room whose subscription is ready but whose document is still loading. */
export const RELAY_BUFFER_MAX_MESSAGES = 1024;

/** At shutdown, wait at most this long for queued document writes to be stored and acknowledged. */
export const SHUTDOWN_DRAIN_MS = 10 * 1000;
/** At shutdown, wait at most this long for clients to answer the close frame before dropping them. */
export const SHUTDOWN_CLOSE_HANDSHAKE_MS = 1000;
/**
 * Client updates up to this many bytes are decoded on the main thread, larger ones in a decode worker.
 * V1 decoding is linear in its input, so 16 KiB costs microseconds, less than a worker round trip;
 * a keystroke or a paragraph-sized paste is a few hundred bytes. 0 sends every update to a worker.
 */
export const UPDATE_INLINE_DECODE_MAX_BYTES = 16 * 1024;
/** SQLite WAL checkpoints run in a background thread this often (never on the event loop; see walCheckpointer.ts). */
export const WAL_CHECKPOINT_INTERVAL_MS = 1000;
/** A WAL larger than this is truncated by the checkpointer (a rare, short pause for writers) so disk use stays bounded. */
export const WAL_MAX_BYTES = 64 * 1024 * 1024;
/**
 * `/healthz` writes to the store at most this often (a load balancer may poll every second): a
 * failed write probe is reported until a later one succeeds. A deleted SQLite file is noticed at once.
 */
export const STORE_PROBE_INTERVAL_MS = 2000;

// Sign-off (src/signoff).
/** Lines of an entry's activity feed returned at once: a few weeks of a busy entry, small enough for one response. */
export const ACTIVITY_FEED_LIMIT = 200;
/**
 * Entries whose document summary (words and hashes per section) is kept in memory for the dashboard
 * and entry view (documents/documentSummaries.ts): a summary is about 1 KiB, so at most ~10 MiB.
 */
export const DOCUMENT_SUMMARY_CACHE_ENTRIES = 10_000;
/**
 * Entries the dashboard summarises at once: enough to overlap PostgreSQL round trips, few enough that
 * SQLite's single connection is not queued thousands of queries deep (1,000 entries: 3.4 s → 0.12 s).
 */
export const DASHBOARD_ENTRIES_AT_ONCE = 8;
/** Longest Idempotency-Key accepted on submit (a UUID is 36 characters). */
export const IDEMPOTENCY_KEY_MAX_CHARS = 128;

/**
 * Waits before re-running a group commit the database refused as busy (a WAL checkpoint
 * truncating, a serialization conflict): about a quarter of a second in all, after which
 * the rooms fail closed with 1011 as before.
 */
export const COMMIT_BUSY_RETRY_DELAYS_MS: readonly number[] = [5, 15, 40, 80, 160];

// Draft history (src/history, issue 14 item 4). A person's session of edits in a section is kept
// once they have not written in it for `quietMs` (a pause to think; shorter cuts sentences in two) or
// every `maxSessionMs` while they go on, never twice for a section within `minIntervalMs` (people
// typing in turn would make one a minute); `sweepMs`: how often the recorder looks. Tests pass less.
export const HISTORY_TUNING = { quietMs: 60_000, maxSessionMs: 600_000, minIntervalMs: 180_000, sweepMs: 5_000 };
/** Automatic versions per section, oldest dropped; past a day only the latest of each hour stays. */
export const HISTORY_MAX_AUTO_VERSIONS_PER_SECTION = 200;
export const HISTORY_AUTO_THIN_AFTER_MS = 24 * 60 * 60 * 1000;
export const HISTORY_AUTO_THIN_BUCKET_MS = 60 * 60 * 1000;
/** Named and restore versions per section (never thinned): far more than a review cycle names; past it 409. */
export const HISTORY_MAX_NAMED_VERSIONS_PER_SECTION = 100;
/** Largest kept version state: a 1,000-word section measured 8 KiB (C-SCHEMA-3: at most 12 chars a word, ~15 KiB). */
export const HISTORY_MAX_VERSION_BYTES = 256 * 1024;
/** Naming versions (viewers too): 30 at once then one a minute; an organisation 5 times that. */
export const VERSION_NAME_LIMIT_PER_ACCOUNT = { capacity: 30, refillMs: 60 * 1000 } as const;
export const VERSION_NAME_LIMIT_PER_ORGANISATION = { capacity: 150, refillMs: 12 * 1000 } as const;

/**
 * Subject access (issue 18 item 6): a person downloads everything held about them. Three at once,
 * then one every 10 minutes: each export reads every table and up to SUBJECT_ACCESS_ENTRIES_MAX
 * documents, and nobody needs it more often.
 */
export const SUBJECT_ACCESS_LIMIT_PER_ACCOUNT = { capacity: 3, refillMs: 10 * 60 * 1000 } as const;
/** Rows per list of one export; a list cut short is named in the file's `truncated`. */
export const SUBJECT_ACCESS_ROWS_MAX = 10_000;
/** Entry documents one export reads for the items a person created and the testimonials naming them. */
export const SUBJECT_ACCESS_ENTRIES_MAX = 500;
