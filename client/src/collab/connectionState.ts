import { CloseCode, TERMINAL_CLOSE_CODES, unreachable } from '@jointly/shared';
import { ABNORMAL_CLOSURE } from './closeCodeText.ts';

/**
 * The state of one entry's collaboration connection, as a pure reducer: the
 * provider glue (EntryCollabSession) turns socket and browser events into
 * ConnectionEvents, and reads back what to do (retry, probe, stop) and what to
 * show. Nothing here touches a socket, a timer or the DOM.
 *
 * "Saved" follows the acknowledgement protocol (shared/collabProtocol.ts): the
 * server acks, per connection, how many of the sync messages (SyncStep2 and
 * Update) this connection sent are durably stored. Saved ⇔ connected, synced,
 * no local change waiting to be sent, and acked ≥ sent.
 */

export type ConnectionPhase =
  /** First attempt, never connected on this page yet. */
  | 'connecting'
  /** Socket open, the initial sync exchange is under way. */
  | 'syncing'
  /** Socket open and synced with the server. */
  | 'connected'
  /** The socket dropped; a new attempt is scheduled or under way. */
  | 'reconnecting'
  /**
   * No network: the browser says so, or the open socket went quiet (a heartbeat
   * went unanswered, see Heartbeat.ts). Edits are kept; retries go on unless the
   * browser itself reports no network.
   */
  | 'offline'
  /** We gave up on purpose (signed out, access removed, refused copy): no more retries. */
  | 'stopped';

export type ConnectionState = {
  phase: ConnectionPhase;
  /** Whether a socket of this page has ever opened (tells "connecting" from "reconnecting"). */
  hasConnected: boolean;
  synced: boolean;
  /** Whether the document has synced with the server at least once on this page. */
  everSynced: boolean;
  /** Sync messages (SyncStep2 and Update) sent on the current socket. */
  sent: number;
  /** The highest acknowledgement received on the current socket. */
  acked: number;
  /**
   * Local changes the server has not been sent yet (made offline, loaded from
   * this browser's offline copy, or sent on a socket that closed before it
   * acknowledged them). Cleared when a SyncStep2 goes out, since it carries
   * everything the server lacks.
   */
  unsentChanges: boolean;
  /** Closes since the last successful sync; drives the reconnect backoff. */
  failedAttempts: number;
  /** Consecutive 1006 closes since the last successful sync. */
  abnormalCloses: number;
  /** A probe of the HTTP API is due (after repeated 1006s) and not yet started. */
  probeDue: boolean;
  probing: boolean;
  /** The code of the last close, for the connection bar's explanation. */
  lastCloseCode: number | null;
  /** Why we stopped: a terminal close code, or the code a probe result stands for. */
  stoppedBy: number | null;
  browserOnline: boolean;
  /** The last socket went quiet (heartbeat unanswered) and none has opened since. */
  quiet: boolean;
  /**
   * The server said it dropped a write of the current socket (C-WRITE-6: the person may not
   * write, or the entry no longer takes writes): what is unsaved now will not be stored.
   */
  writesDropped: boolean;
};

export type SyncMessageKind = 'step2' | 'update';

/** What a probe of the HTTP API after repeated 1006 closes found. */
export type ProbeResult =
  /** GET /api/me answered 401. */
  | 'signedOut'
  /** GET /api/entries/:id answered 404. */
  | 'accessRemoved'
  /** Both answered normally: the socket problem is elsewhere (server restarting, proxy). */
  | 'reachable'
  /** The API could not be reached either. */
  | 'unreachable';

export type ConnectionEvent =
  | { type: 'connecting' }
  | { type: 'open' }
  | { type: 'synced' }
  | { type: 'sent'; kind: SyncMessageKind }
  | { type: 'acked'; count: number }
  | { type: 'writesDropped' }
  | { type: 'localChange' }
  /** `code` is null when this page closed the socket itself (y-websocket's silence watchdog). */
  | { type: 'closed'; code: number | null }
  | { type: 'probeStarted' }
  | { type: 'probeFinished'; result: ProbeResult }
  | { type: 'browserOnline' }
  | { type: 'browserOffline' }
  /** The open socket answered no heartbeat in time; the page closes it next. */
  | { type: 'quiet' };

export type ConnectionOptions = {
  /** Consecutive 1006 closes after which the HTTP API is probed (and again after each further such run). */
  abnormalClosesBeforeProbe: number;
};

export function initialConnectionState(browserOnline = true): ConnectionState {
  return {
    phase: browserOnline ? 'connecting' : 'offline',
    hasConnected: false,
    synced: false,
    everSynced: false,
    sent: 0,
    acked: 0,
    unsentChanges: false,
    failedAttempts: 0,
    abnormalCloses: 0,
    probeDue: false,
    probing: false,
    lastCloseCode: null,
    stoppedBy: null,
    browserOnline,
    quiet: false,
    writesDropped: false,
  };
}

function socketIsOpen(state: ConnectionState): boolean {
  return state.phase === 'syncing' || state.phase === 'connected';
}

function disconnectedPhase(state: ConnectionState): ConnectionPhase {
  return state.browserOnline && !state.quiet ? 'reconnecting' : 'offline';
}

export function connectionReducer(
  state: ConnectionState,
  event: ConnectionEvent,
  options: ConnectionOptions,
): ConnectionState {
  // A stopped connection only still tracks local edits, so "unsaved" stays truthful.
  if (state.phase === 'stopped') {
    if (event.type === 'localChange') return { ...state, unsentChanges: true };
    if (event.type === 'browserOnline' || event.type === 'browserOffline') {
      return { ...state, browserOnline: event.type === 'browserOnline' };
    }
    return state;
  }
  switch (event.type) {
    case 'connecting':
      // Still offline until a socket actually opens: a retry proves nothing about the network.
      if (state.phase === 'offline') return state;
      return {
        ...state,
        phase: state.hasConnected || state.failedAttempts > 0 ? 'reconnecting' : 'connecting',
      };
    case 'open':
      // Acknowledgements count per connection: a new socket starts from zero. An open socket means the network is back.
      return {
        ...state,
        phase: 'syncing',
        hasConnected: true,
        synced: false,
        sent: 0,
        acked: 0,
        quiet: false,
        writesDropped: false,
      };
    case 'quiet':
      if (!socketIsOpen(state)) return state;
      return { ...state, phase: 'offline', synced: false, quiet: true };
    case 'synced':
      if (!socketIsOpen(state)) return state;
      return { ...state, phase: 'connected', synced: true, everSynced: true, failedAttempts: 0, abnormalCloses: 0 };
    case 'sent':
      return {
        ...state,
        sent: state.sent + 1,
        // A SyncStep2 answers the server's state vector with everything it lacks.
        unsentChanges: event.kind === 'step2' ? false : state.unsentChanges,
      };
    case 'acked':
      return { ...state, acked: Math.max(state.acked, event.count) };
    case 'writesDropped':
      return socketIsOpen(state) ? { ...state, writesDropped: true } : state;
    case 'localChange':
      // While the socket is open y-websocket sends the update at once (counted by 'sent').
      return socketIsOpen(state) ? state : { ...state, unsentChanges: true };
    case 'closed': {
      const base: ConnectionState = {
        ...state,
        synced: false,
        sent: 0,
        acked: 0,
        // Whatever went out on this socket without an ack may not be stored: it is re-sent in the next SyncStep2.
        unsentChanges: state.unsentChanges || state.acked < state.sent,
      };
      if (event.code === null) {
        return { ...base, phase: disconnectedPhase(state) };
      }
      if (TERMINAL_CLOSE_CODES.has(event.code)) {
        return { ...base, phase: 'stopped', stoppedBy: event.code, lastCloseCode: event.code, probeDue: false };
      }
      const abnormal = event.code === ABNORMAL_CLOSURE;
      const abnormalCloses = abnormal ? state.abnormalCloses + 1 : 0;
      const probeDue =
        state.probeDue || (abnormal && !state.probing && abnormalCloses % options.abnormalClosesBeforeProbe === 0);
      return {
        ...base,
        phase: disconnectedPhase(state),
        lastCloseCode: event.code,
        failedAttempts: state.failedAttempts + 1,
        abnormalCloses,
        probeDue,
      };
    }
    case 'probeStarted':
      return { ...state, probeDue: false, probing: true };
    case 'probeFinished':
      if (event.result === 'signedOut') {
        return { ...state, probing: false, phase: 'stopped', stoppedBy: CloseCode.sessionEnded };
      }
      if (event.result === 'accessRemoved') {
        return { ...state, probing: false, phase: 'stopped', stoppedBy: CloseCode.accessRemoved };
      }
      return { ...state, probing: false };
    case 'browserOnline':
      // The browser has a network again: retry at once rather than wait for the backoff or a quiet socket.
      return {
        ...state,
        browserOnline: true,
        quiet: false,
        phase: state.phase === 'offline' ? 'reconnecting' : state.phase,
      };
    case 'browserOffline':
      // "offline" from the browser is reliable (no network interface): say so at once; the page closes
      // the socket, so nothing piles up on it to arrive as one burst later (issue 11 item 6).
      return { ...state, browserOnline: false, synced: false, phase: 'offline' };
    default:
      return unreachable(event, 'connection event');
  }
}

/** Everything this page wrote is durably stored on the server. */
export function isSaved(state: ConnectionState): boolean {
  return state.phase === 'connected' && state.synced && !state.unsentChanges && state.acked >= state.sent;
}

/** Some local edit is not known to be stored yet (warn before the tab closes). */
export function hasUnsavedEdits(state: ConnectionState): boolean {
  return state.unsentChanges || state.acked < state.sent;
}

/** Whether the page should schedule another connection attempt now. */
export function shouldScheduleReconnect(state: ConnectionState): boolean {
  const retrying = state.phase === 'reconnecting' || (state.phase === 'offline' && state.browserOnline);
  return retrying && !state.probing && !state.probeDue;
}

/** Whether people may type: not after we stopped (their edits could never be saved). */
export function canEditWhile(state: ConnectionState): boolean {
  return state.phase !== 'stopped';
}

/**
 * Delay before reconnect attempt `attempt` (1 for the first retry):
 * exponential backoff capped at `maxMs`, with "equal jitter" (half fixed, half
 * random) so that a restarted server is not hit by every client at once while
 * no client waits needlessly long.
 */
export function reconnectDelayMs(
  attempt: number,
  { baseMs, maxMs }: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
