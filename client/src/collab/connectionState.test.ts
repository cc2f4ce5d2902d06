import { CloseCode, TERMINAL_CLOSE_CODES } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { ABNORMAL_CLOSURE, CLOSE_CODE_TEXT, closeCodeText } from './closeCodeText.ts';
import {
  type ConnectionEvent,
  type ConnectionState,
  canEditWhile,
  connectionReducer,
  hasUnsavedEdits,
  initialConnectionState,
  isSaved,
  shouldScheduleReconnect,
} from './connectionState.ts';
import { describeConnection } from './describeConnection.ts';

const OPTIONS = { abnormalClosesBeforeProbe: 3 };

function run(events: ConnectionEvent[], from: ConnectionState = initialConnectionState()): ConnectionState {
  return events.reduce((state, event) => connectionReducer(state, event, OPTIONS), from);
}

/** Connecting, open, the server's SyncStep1 answered with our SyncStep2, the server's SyncStep2 received. */
const CONNECT_AND_SYNC: ConnectionEvent[] = [
  { type: 'connecting' },
  { type: 'open' },
  { type: 'sent', kind: 'step2' },
  { type: 'synced' },
];

describe('connection phases', () => {
  it('starts connecting, then syncing on open, then connected once synced', () => {
    let state = initialConnectionState();
    expect(state.phase).toBe('connecting');
    state = run([{ type: 'connecting' }, { type: 'open' }], state);
    expect(state.phase).toBe('syncing');
    expect(describeConnection(state).label).toBe('Connected, syncing…');
    state = run([{ type: 'synced' }], state);
    expect(state.phase).toBe('connected');
    expect(state.everSynced).toBe(true);
  });

  it('starts offline when the browser has no network', () => {
    expect(initialConnectionState(false).phase).toBe('offline');
  });

  it('says reconnecting (not connecting) for every attempt after the first connection', () => {
    const state = run([...CONNECT_AND_SYNC, { type: 'closed', code: CloseCode.goingAway }, { type: 'connecting' }]);
    expect(state.phase).toBe('reconnecting');
    expect(describeConnection(state).key).toBe('reconnecting');
  });

  it('I11-5: says offline as soon as the browser reports no network, and reconnects when it returns', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'sent', kind: 'update' }]);
    state = run([{ type: 'browserOffline' }], state);
    expect(state.phase).toBe('offline'); // at once: the page closes the socket next
    expect(describeConnection(state).key).toBe('offline');
    state = run([{ type: 'closed', code: null }, { type: 'localChange' }], state);
    expect(state.phase).toBe('offline');
    expect(hasUnsavedEdits(state)).toBe(true);
    expect(describeConnection(state).label).toBe('Offline – unsaved edits kept on this device');
    expect(shouldScheduleReconnect(state)).toBe(false);
    state = run([{ type: 'browserOnline' }], state);
    expect(state.phase).toBe('reconnecting');
    expect(shouldScheduleReconnect(state)).toBe(true);
  });

  it('I11-5: a quiet socket (heartbeat unanswered) shows Offline, keeps edits and keeps retrying until a socket opens', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'sent', kind: 'update' }]);
    state = run([{ type: 'quiet' }], state);
    expect(state.phase).toBe('offline');
    expect(isSaved(state)).toBe(false);
    state = run([{ type: 'closed', code: null }, { type: 'localChange' }], state);
    expect(state.phase).toBe('offline');
    expect(hasUnsavedEdits(state)).toBe(true);
    expect(describeConnection(state).label).toBe('Offline – unsaved edits kept on this device');
    // The browser still says online, so the page keeps trying; failed attempts do not claim "Reconnecting".
    expect(shouldScheduleReconnect(state)).toBe(true);
    state = run([{ type: 'connecting' }, { type: 'closed', code: ABNORMAL_CLOSURE }, { type: 'connecting' }], state);
    expect(state.phase).toBe('offline');
    expect(shouldScheduleReconnect(state)).toBe(true);
    // A socket opens: the network is back, and the SyncStep2 carries the edits.
    state = run([{ type: 'open' }, { type: 'sent', kind: 'step2' }, { type: 'synced' }], state);
    expect(state.phase).toBe('connected');
    expect(state.quiet).toBe(false);
    state = run([{ type: 'acked', count: 1 }], state);
    expect(isSaved(state)).toBe(true);
  });

  it('ignores a quiet report for a socket that is no longer open', () => {
    const state = run([...CONNECT_AND_SYNC, { type: 'closed', code: CloseCode.goingAway }]);
    expect(run([{ type: 'quiet' }], state)).toBe(state);
  });
});

describe('saved acknowledgements', () => {
  it('is saved once connected and synced with nothing sent', () => {
    const state = run(CONNECT_AND_SYNC.filter((event) => event.type !== 'sent'));
    expect(isSaved(state)).toBe(true);
    expect(describeConnection(state).label).toBe('Saved');
  });

  it('is saving until the server acknowledges every sync message this connection sent', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }]);
    expect(isSaved(state)).toBe(true);
    state = run(
      [
        { type: 'sent', kind: 'update' },
        { type: 'sent', kind: 'update' },
      ],
      state,
    );
    expect(isSaved(state)).toBe(false);
    expect(describeConnection(state).label).toBe('Saving…');
    expect(hasUnsavedEdits(state)).toBe(true);
    state = run([{ type: 'acked', count: 2 }], state);
    expect(isSaved(state)).toBe(false);
    state = run([{ type: 'acked', count: 3 }], state);
    expect(isSaved(state)).toBe(true);
    expect(hasUnsavedEdits(state)).toBe(false);
  });

  it('ignores an acknowledgement lower than one already received', () => {
    const state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'acked', count: 0 }]);
    expect(state.acked).toBe(1);
  });

  it('is not saved while connected but not yet synced', () => {
    const state = run([{ type: 'connecting' }, { type: 'open' }]);
    expect(isSaved(state)).toBe(false);
  });

  it('counts acknowledgements per connection: a new socket starts from zero', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }]);
    state = run([{ type: 'closed', code: CloseCode.serviceRestart }, { type: 'connecting' }, { type: 'open' }], state);
    expect(state.sent).toBe(0);
    expect(state.acked).toBe(0);
  });

  it('keeps edits made offline as unsaved until a SyncStep2 carrying them is acknowledged', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'closed', code: ABNORMAL_CLOSURE }]);
    state = run([{ type: 'localChange' }], state);
    expect(hasUnsavedEdits(state)).toBe(true);
    expect(describeConnection(state).label).toContain('unsaved edits kept');
    // Reconnect: the server's SyncStep2 may arrive before we answered its SyncStep1.
    state = run([{ type: 'connecting' }, { type: 'open' }, { type: 'synced' }], state);
    expect(isSaved(state)).toBe(false);
    state = run([{ type: 'sent', kind: 'step2' }], state);
    expect(isSaved(state)).toBe(false);
    state = run([{ type: 'acked', count: 1 }], state);
    expect(isSaved(state)).toBe(true);
  });

  it('does not flag changes made while the socket is open: y-websocket sends them at once', () => {
    const state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'localChange' }]);
    expect(state.unsentChanges).toBe(false);
  });

  it('treats messages sent on a socket that closed before acknowledging them as unsaved', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'sent', kind: 'update' }]);
    state = run([{ type: 'closed', code: CloseCode.internalError }], state);
    expect(hasUnsavedEdits(state)).toBe(true);
    state = run([{ type: 'connecting' }, { type: 'open' }, { type: 'sent', kind: 'step2' }, { type: 'synced' }], state);
    expect(isSaved(state)).toBe(false);
    state = run([{ type: 'acked', count: 1 }], state);
    expect(isSaved(state)).toBe(true);
  });

  it('treats content loaded from the offline copy before connecting as unsent', () => {
    let state = run([{ type: 'localChange' }]);
    expect(state.unsentChanges).toBe(true);
    state = run([{ type: 'connecting' }, { type: 'open' }, { type: 'synced' }], state);
    expect(isSaved(state)).toBe(false);
  });

  it('C-WRITE-6: notes writes the server dropped, for the current socket only, and keeps them unsaved', () => {
    // The offline copy's edits go out in the SyncStep2 and the server drops them.
    let state = run([{ type: 'localChange' }, ...CONNECT_AND_SYNC, { type: 'writesDropped' }]);
    expect(state.writesDropped).toBe(true);
    expect(hasUnsavedEdits(state)).toBe(true);
    expect(isSaved(state)).toBe(false);
    state = run([{ type: 'closed', code: CloseCode.entryStatusChanged }], state);
    expect(state.writesDropped).toBe(true); // still what the page last heard while no socket is open
    state = run([{ type: 'connecting' }, { type: 'open' }], state);
    expect(state.writesDropped).toBe(false);
    // A late report after the socket closed changes nothing.
    state = run([{ type: 'closed', code: CloseCode.entryStatusChanged }, { type: 'writesDropped' }]);
    expect(state.writesDropped).toBe(false);
  });
});

describe('close codes', () => {
  const terminal = [CloseCode.sessionEnded, CloseCode.accessRemoved, CloseCode.forgedClientId];
  const transient = [
    CloseCode.normal,
    CloseCode.goingAway,
    CloseCode.invalidPayload,
    CloseCode.policyViolation,
    CloseCode.messageTooBig,
    CloseCode.internalError,
    CloseCode.serviceRestart,
    CloseCode.processingTimeout,
    CloseCode.roleChanged,
    ABNORMAL_CLOSURE,
    4999, // unknown
  ];

  it('has UI text for every close code the server defines, and for 1006', () => {
    for (const code of Object.values(CloseCode)) {
      expect(CLOSE_CODE_TEXT[code], `close code ${code}`).toBeDefined();
    }
    expect(CLOSE_CODE_TEXT[ABNORMAL_CLOSURE]).toBeDefined();
    expect(closeCodeText(4999).headline).toBe('Reconnecting…');
  });

  it.each(terminal)('stops for good on %i, makes editors read-only and says why', (code) => {
    expect(TERMINAL_CLOSE_CODES.has(code)).toBe(true);
    let state = run([...CONNECT_AND_SYNC, { type: 'closed', code }]);
    expect(state.phase).toBe('stopped');
    expect(state.stoppedBy).toBe(code);
    expect(shouldScheduleReconnect(state)).toBe(false);
    expect(canEditWhile(state)).toBe(false);
    const description = describeConnection(state);
    expect(description.key).toBe('stopped');
    expect(description.label).toBe(CLOSE_CODE_TEXT[code]?.headline);
    expect(description.detail).toBe(CLOSE_CODE_TEXT[code]?.detail);
    // Nothing after a stop restarts the connection.
    state = run(
      [{ type: 'connecting' }, { type: 'open' }, { type: 'browserOnline' }, { type: 'closed', code: 1000 }],
      state,
    );
    expect(state.phase).toBe('stopped');
  });

  it('offers the right way out for each terminal code', () => {
    const stoppedBy = (code: number) => describeConnection(run([...CONNECT_AND_SYNC, { type: 'closed', code }]));
    expect(stoppedBy(CloseCode.sessionEnded).action).toBe('signIn');
    expect(stoppedBy(CloseCode.sessionEnded).label).toBe('Signed out');
    expect(stoppedBy(CloseCode.accessRemoved).action).toBe('leave');
    expect(stoppedBy(CloseCode.accessRemoved).label).toBe('Access removed');
    expect(stoppedBy(CloseCode.forgedClientId).action).toBe('resetLocalCopy');
    // A refused copy's words are offered back once it is discarded; another account's are not.
    expect(stoppedBy(CloseCode.updateRefused).action).toBe('resetLocalCopy');
    expect(stoppedBy(CloseCode.updateRefused).afterDiscard).toMatch(/the copy was discarded/);
    expect(stoppedBy(CloseCode.forgedClientId).afterDiscard).toBeNull();
  });

  it.each(transient)('reconnects after %i and explains it', (code) => {
    const state = run([...CONNECT_AND_SYNC, { type: 'closed', code }]);
    expect(state.phase).toBe('reconnecting');
    expect(state.failedAttempts).toBe(1);
    expect(shouldScheduleReconnect(state)).toBe(true);
    expect(canEditWhile(state)).toBe(true);
    expect(describeConnection(state).detail).toBe(closeCodeText(code).detail);
  });

  it('treats a role change (4100) as retryable, not terminal: reconnect and read the role again', () => {
    expect(TERMINAL_CLOSE_CODES.has(CloseCode.roleChanged)).toBe(false);
    let state = run([
      ...CONNECT_AND_SYNC,
      { type: 'acked', count: 1 },
      { type: 'closed', code: CloseCode.roleChanged },
    ]);
    expect(state.phase).toBe('reconnecting');
    expect(state.stoppedBy).toBeNull();
    expect(state.lastCloseCode).toBe(CloseCode.roleChanged);
    expect(shouldScheduleReconnect(state)).toBe(true);
    expect(canEditWhile(state)).toBe(true);
    const description = describeConnection(state);
    expect(description.key).toBe('reconnecting');
    expect(description.action).toBeNull();
    expect(description.detail).toBe(CLOSE_CODE_TEXT[CloseCode.roleChanged]?.detail);
    // Everything was acknowledged before the close: nothing is unsaved, and the new socket is Saved once synced.
    expect(hasUnsavedEdits(state)).toBe(false);
    state = run([{ type: 'connecting' }, { type: 'open' }, { type: 'synced' }], state);
    expect(isSaved(state)).toBe(true);
    expect(state.failedAttempts).toBe(0);
  });

  it('keeps an update sent just before a 4100 unsaved: the page decides whether the new role may keep it', () => {
    let state = run([...CONNECT_AND_SYNC, { type: 'acked', count: 1 }, { type: 'sent', kind: 'update' }]);
    state = run([{ type: 'closed', code: CloseCode.roleChanged }], state);
    expect(hasUnsavedEdits(state)).toBe(true);
    // Reconnected as a viewer: the server sends no SyncStep1, so no SyncStep2 carries the edit.
    state = run([{ type: 'connecting' }, { type: 'open' }, { type: 'synced' }], state);
    expect(state.phase).toBe('connected');
    expect(isSaved(state)).toBe(false);
    expect(hasUnsavedEdits(state)).toBe(true);
  });

  it('does not count 4100 towards the 1006 probe', () => {
    const state = run([
      ...CONNECT_AND_SYNC,
      { type: 'closed', code: ABNORMAL_CLOSURE },
      { type: 'closed', code: ABNORMAL_CLOSURE },
      { type: 'closed', code: CloseCode.roleChanged },
      { type: 'closed', code: ABNORMAL_CLOSURE },
    ]);
    expect(state.abnormalCloses).toBe(1);
    expect(state.probeDue).toBe(false);
  });

  it('reconnects after a close this page made itself (no close event)', () => {
    const state = run([...CONNECT_AND_SYNC, { type: 'closed', code: null }]);
    expect(state.phase).toBe('reconnecting');
    expect(state.failedAttempts).toBe(0);
  });

  it('keeps tracking local edits after a stop, so leaving still warns', () => {
    const state = run([
      ...CONNECT_AND_SYNC,
      { type: 'closed', code: CloseCode.accessRemoved },
      { type: 'localChange' },
    ]);
    expect(hasUnsavedEdits(state)).toBe(true);
  });
});

describe('repeated 1006 closes', () => {
  const abnormal: ConnectionEvent = { type: 'closed', code: ABNORMAL_CLOSURE };

  it('asks the API why after three in a row, pausing retries while it asks', () => {
    let state = run([...CONNECT_AND_SYNC, abnormal, abnormal]);
    expect(state.probeDue).toBe(false);
    state = run([abnormal], state);
    expect(state.probeDue).toBe(true);
    expect(shouldScheduleReconnect(state)).toBe(false);
    state = run([{ type: 'probeStarted' }], state);
    expect(state.probing).toBe(true);
    expect(shouldScheduleReconnect(state)).toBe(false);
  });

  it('stops as signed out when GET /api/me answers 401', () => {
    const state = run([
      ...CONNECT_AND_SYNC,
      abnormal,
      abnormal,
      abnormal,
      { type: 'probeStarted' },
      {
        type: 'probeFinished',
        result: 'signedOut',
      },
    ]);
    expect(state.phase).toBe('stopped');
    expect(state.stoppedBy).toBe(CloseCode.sessionEnded);
    expect(describeConnection(state).action).toBe('signIn');
  });

  it('stops as access removed when GET /api/entries/:id answers 404', () => {
    const state = run([
      ...CONNECT_AND_SYNC,
      abnormal,
      abnormal,
      abnormal,
      { type: 'probeStarted' },
      {
        type: 'probeFinished',
        result: 'accessRemoved',
      },
    ]);
    expect(state.phase).toBe('stopped');
    expect(state.stoppedBy).toBe(CloseCode.accessRemoved);
    expect(describeConnection(state).label).toBe('Access removed');
  });

  it.each(['reachable', 'unreachable'] as const)('keeps retrying when the probe finds the API %s', (result) => {
    let state = run([...CONNECT_AND_SYNC, abnormal, abnormal, abnormal, { type: 'probeStarted' }]);
    state = run([{ type: 'probeFinished', result }], state);
    expect(state.phase).toBe('reconnecting');
    expect(shouldScheduleReconnect(state)).toBe(true);
    // And asks again after the next run of three.
    state = run([abnormal, abnormal], state);
    expect(state.probeDue).toBe(false);
    state = run([abnormal], state);
    expect(state.probeDue).toBe(true);
  });

  it('starts counting again after a successful sync, and after any other close code', () => {
    let state = run([
      ...CONNECT_AND_SYNC,
      abnormal,
      abnormal,
      { type: 'connecting' },
      { type: 'open' },
      { type: 'synced' },
    ]);
    expect(state.abnormalCloses).toBe(0);
    state = run([abnormal, abnormal, { type: 'closed', code: CloseCode.goingAway }, abnormal], state);
    expect(state.abnormalCloses).toBe(1);
    expect(state.probeDue).toBe(false);
  });
});
