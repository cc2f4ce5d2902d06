import { COLLAB_PATH_PREFIX } from '@jointly/shared';

/**
 * The client's configuration and tunable constants, in one place. This is the
 * only module that may read `import.meta.env`; the app is served from the same
 * origin as the API and the socket, so it needs no environment variables.
 */

/** Whether this is a development build (extra console diagnostics only). */
export const IS_DEV_BUILD: boolean = import.meta.env.DEV;

/** The product name, used in page titles and the header. */
export const SERVICE_NAME = 'Jointly';

/** Base URL of the collaboration socket for this page's origin (`ws(s)://host/collab`). */
export function collabServerUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${COLLAB_PATH_PREFIX}`;
}

/** The name of the IndexedDB database that keeps an entry's document offline. */
export function offlineStoreName(entryId: string): string {
  return `jointly:entry:${entryId}`;
}

/**
 * First reconnect delay after a dropped socket. Short, because most drops are
 * a server restart or a brief network blip, and people are typing.
 */
export const RECONNECT_BASE_DELAY_MS = 500;

/**
 * Longest wait between reconnect attempts. 15 s keeps a returning server from
 * being stampeded while still reconnecting within a sentence's worth of typing.
 */
export const RECONNECT_MAX_DELAY_MS = 15_000;

/**
 * After this many consecutive 1006 closes without a successful sync we ask the
 * HTTP API why: a refused upgrade (signed out, access removed) looks like 1006
 * to a browser. Three rules out one-off network blips.
 */
export const ABNORMAL_CLOSES_BEFORE_PROBE = 3;

/**
 * How often the open socket's heartbeat checks for silence (Heartbeat.ts). With the two
 * values below, a socket gone quiet is noticed at most 1.5 + 2 + 2 × 0.5 = 4.5 s after the
 * last message heard: "Offline" within 5 s (issue 11 item 5).
 */
export const HEARTBEAT_TICK_MS = 500;

/**
 * Silence on the socket after which the page asks the server for a reply (queryAwareness).
 * While people type, acks and relayed changes arrive constantly, so a busy page never asks.
 */
export const HEARTBEAT_PROBE_AFTER_SILENCE_MS = 1_500;

/**
 * How long the server's reply to a heartbeat may take before the socket counts as gone.
 * The server answers at once; 2 s allows for a slow mobile network's round trip.
 */
export const HEARTBEAT_ANSWER_WITHIN_MS = 2_000;

/**
 * How long to wait for the offline copy (IndexedDB) to load before connecting
 * anyway: loading it first lets the first sync carry offline edits, but a
 * stuck IndexedDB must not keep anyone from the live document.
 */
export const OFFLINE_STORE_WAIT_MS = 1_500;

/**
 * After this many sealed records an offline copy is rewritten as one record of the whole document
 * (collab/SealedOfflineStore.ts), as y-indexeddb did at 500: each record costs a little to open
 * when the entry loads, each rewrite encodes and encrypts the whole document.
 */
export const OFFLINE_COPY_COMPACT_AFTER_RECORDS = 500;

/** How long "Copied" stays next to a copy button before it returns to its label. */
export const COPY_FEEDBACK_MS = 4_000;

/** Where the browser remembers which entries it keeps offline copies of (cleared on sign-out). */
export const OFFLINE_ENTRIES_STORAGE_KEY = 'jointly:offline-entries';

/** Where the browser remembers whose offline copies it holds (cleared when someone else signs in). */
export const OFFLINE_OWNER_STORAGE_KEY = 'jointly:offline-owner';

/**
 * How long the document must be quiet before the page asks the server for
 * provenance again (exhibit labels, who changed what). 500 ms: labels of new
 * items appear within a second, and a burst of typing costs one request.
 */
export const PROVENANCE_REFETCH_DEBOUNCE_MS = 500;

/** How long after a change to the document the live content hashes (section status, endorsements) are recomputed, in ms. */
export const LIVE_HASH_DEBOUNCE_MS = 200;

/**
 * How often an open entry asks the server again for what only the server knows
 * (approvals and endorsements by others, activity), in ms, only while its socket is
 * not open: while it is, the socket's events (C-EVENT-2) say at once what changed.
 */
export const SIGNOFF_REFRESH_MS = 15_000;

/**
 * After a refused submit, how long the page waits after a change (an edit,
 * endorsement, approval) before reading the unmet conditions again, in ms:
 * typing reads them once it pauses, not at every keystroke.
 */
export const SUBMIT_CONDITIONS_SETTLE_MS = 800;

/** How often an open "Comments on …" disclosure asks for new comments, in ms (page visible, socket not open: else events say). */
export const COMMENTS_REFRESH_MS = 15_000;
