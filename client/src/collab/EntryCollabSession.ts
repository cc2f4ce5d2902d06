import { ACKS_QUERY_PARAM, EVENTS_QUERY_PARAM, MessageType, REFUSALS_QUERY_PARAM } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  ABNORMAL_CLOSES_BEFORE_PROBE,
  collabServerUrl,
  HEARTBEAT_ANSWER_WITHIN_MS,
  HEARTBEAT_PROBE_AFTER_SILENCE_MS,
  HEARTBEAT_TICK_MS,
  IS_DEV_BUILD,
  OFFLINE_STORE_WAIT_MS,
  offlineStoreName,
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
} from '../config.ts';
import { createAckingWebSocketClass } from './ackingWebSocketClass.ts';
import {
  type ConnectionEvent,
  type ConnectionState,
  connectionReducer,
  initialConnectionState,
  type ProbeResult,
  reconnectDelayMs,
  shouldScheduleReconnect,
} from './connectionState.ts';
import { parseEntryEvent, publishEntryEvent, setEntryEventsLive } from './entryEvents.ts';
import { Heartbeat } from './Heartbeat.ts';
import { discardOfflineCopy, isOfflineCopyKept, rememberOfflineCopy } from './offlineCopies.ts';
import { offlineCopyKey } from './offlineCopyKey.ts';
import { SECTION_AWARENESS_FIELD } from './presenceFromAwareness.ts';
import { SealedOfflineStore } from './SealedOfflineStore.ts';
import { readSavedCount } from './syncMessageKind.ts';

/** What this client puts in its awareness `user` field (the server overwrites the identity fields). */
export type LocalUser = {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  color: string;
};

export type EntryCollabSessionOptions = {
  entryId: string;
  user: LocalUser;
  /** Asks the HTTP API why the socket keeps failing with 1006 (see connectionState). */
  probe: () => Promise<ProbeResult>;
  /** Called when a socket opens again after a drop (the page refreshes the entry: roles may have changed). */
  onReconnected?: () => void;
  /**
   * Whether to keep the document in IndexedDB (default true). False for a viewer: they cannot
   * write, so a copy could only hold edits the server will refuse. Without a copy, any copy
   * left from when this person could edit is discarded.
   */
  keepOfflineCopy?: boolean;
};

/**
 * One entry's shared document and its connections: the Y.Doc, its offline
 * copy in IndexedDB (sealed: SealedOfflineStore), and ONE WebsocketProvider shared by every section editor.
 * It feeds provider and browser events to the pure connection reducer and
 * carries out what the state asks for: reconnect with backoff and jitter,
 * probe the API after repeated 1006s, stop for good on terminal close codes.
 */
export class EntryCollabSession {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  private offlineStore: SealedOfflineStore | null;
  /** Whether this session means to keep a copy (a store may still be missing: private browsing). */
  private keepCopy: boolean;
  private state: ConnectionState;
  private readonly listeners = new Set<() => void>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private effectsQueued = false;
  private readonly options: EntryCollabSessionOptions;
  /** Notices an open socket gone quiet within seconds (issue 11 item 5). */
  private readonly heartbeat: Heartbeat;

  constructor(options: EntryCollabSessionOptions) {
    this.options = options;
    this.state = initialConnectionState(typeof navigator === 'undefined' ? true : navigator.onLine);
    this.doc = new Y.Doc();
    this.keepCopy = options.keepOfflineCopy ?? true;
    this.offlineStore = this.keepCopy ? this.openOfflineStore() : null;
    if (!this.keepCopy && isOfflineCopyKept(options.entryId)) {
      void discardOfflineCopy(options.entryId).catch(() => undefined);
    }

    this.heartbeat = new Heartbeat(
      { sendProbe: this.sendHeartbeatProbe, onQuiet: this.onQuiet },
      {
        tickMs: HEARTBEAT_TICK_MS,
        probeAfterSilenceMs: HEARTBEAT_PROBE_AFTER_SILENCE_MS,
        answerWithinMs: HEARTBEAT_ANSWER_WITHIN_MS,
      },
    );
    const WebSocketWithAcks = createAckingWebSocketClass(
      (socket, kind) => {
        if (socket === this.provider.ws) this.dispatch({ type: 'sent', kind });
      },
      WebSocket,
      (socket) => {
        if (socket === this.provider.ws) this.heartbeat.heard();
      },
    );
    this.provider = new WebsocketProvider(collabServerUrl(), options.entryId, this.doc, {
      connect: false,
      params: { [ACKS_QUERY_PARAM]: '1', [EVENTS_QUERY_PARAM]: '1', [REFUSALS_QUERY_PARAM]: '1' },
      WebSocketPolyfill: WebSocketWithAcks,
      // Every server close comes back to us: we decide on retries (with jitter) and on giving up.
      shouldReconnect: () => false,
    });
    this.provider.messageHandlers[MessageType.saved] = (_encoder, decoder, _provider, fromSocket) => {
      // Only the socket acknowledges; a message relayed between tabs is never ours to count.
      if (fromSocket) this.dispatch({ type: 'acked', count: readSavedCount(decoder) });
    };
    // C-WRITE-6: the server dropped a write of this socket; what is unsaved will not be stored.
    this.provider.messageHandlers[MessageType.writesDropped] = (_encoder, _decoder, _provider, fromSocket) => {
      if (fromSocket) this.dispatch({ type: 'writesDropped' });
    };
    // C-EVENT-1: approvals, comments, members… changed on the server; the page refetches them.
    this.provider.messageHandlers[MessageType.event] = (_encoder, decoder, _provider, fromSocket) => {
      if (!fromSocket) return;
      const event = parseEntryEvent(decoding.readVarString(decoder));
      if (event) publishEntryEvent(options.entryId, event);
    };
    this.provider.awareness.setLocalStateField('user', options.user);

    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onConnectionClose);
    this.doc.on('update', this.onDocUpdate);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);

    // Connect once the offline copy is loaded, so the first SyncStep2 carries any offline edits.
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      if (this.startTimer !== null) clearTimeout(this.startTimer);
      this.startTimer = null;
      if (!this.destroyed && this.state.phase !== 'stopped') this.provider.connect();
    };
    if (this.offlineStore) {
      this.startTimer = setTimeout(start, OFFLINE_STORE_WAIT_MS);
      void this.offlineStore.whenSynced.then(start, start);
    } else {
      start();
    }
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Says in awareness which section this person is working in (null: none). */
  setCurrentSection(sectionId: string | null): void {
    if (this.destroyed) return;
    const current = this.awareness.getLocalState()?.[SECTION_AWARENESS_FIELD] ?? null;
    if (current !== sectionId) this.awareness.setLocalStateField(SECTION_AWARENESS_FIELD, sectionId);
  }

  /** Whether this session keeps the document in IndexedDB (false once destroyed). */
  get keepsOfflineCopy(): boolean {
    return this.keepCopy;
  }

  /**
   * Starts keeping the document in IndexedDB (after a promotion from viewer). The copy
   * is written from the document as it is now; anything in an older copy is merged in
   * and, the socket being open, sent to the server.
   */
  startKeepingOfflineCopy(): void {
    if (this.destroyed || this.keepCopy) return;
    this.keepCopy = true;
    this.offlineStore = this.openOfflineStore();
  }

  /** Stops keeping the document in IndexedDB and deletes the copy (after a demotion to viewer). */
  async stopKeepingOfflineCopy(): Promise<void> {
    const store = this.offlineStore;
    this.keepCopy = false;
    this.offlineStore = null;
    await store?.destroy();
    await discardOfflineCopy(this.options.entryId);
  }

  /** Stops retrying and closes the socket; used when the page learns access is gone. */
  stop(closeCode: number): void {
    this.dispatch({ type: 'closed', code: closeCode });
  }

  /** Closes everything; resolves once the offline copy is closed (so that it can then be deleted). */
  destroy(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    this.destroyed = true;
    this.clearTimers();
    this.heartbeat.stop();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.doc.off('update', this.onDocUpdate);
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.provider.off('connection-close', this.onConnectionClose);
    setEntryEventsLive(this.options.entryId, false);
    this.provider.destroy();
    const closing = this.offlineStore?.destroy() ?? Promise.resolve();
    this.keepCopy = false;
    this.offlineStore = null;
    this.doc.destroy();
    this.listeners.clear();
    return closing.catch(() => undefined);
  }

  private openOfflineStore(): SealedOfflineStore | null {
    if (typeof indexedDB === 'undefined') return null;
    try {
      // Sealed with this session's key (issue 18 item 3): never the entry in clear text on the device.
      const store = new SealedOfflineStore(offlineStoreName(this.options.entryId), this.doc, offlineCopyKey());
      rememberOfflineCopy(this.options.entryId);
      return store;
    } catch (error) {
      // Private browsing can refuse IndexedDB: the entry still works online.
      if (IS_DEV_BUILD) console.warn('Offline copy unavailable', error);
      return null;
    }
  }

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connecting') this.dispatch({ type: 'connecting' });
    setEntryEventsLive(this.options.entryId, status === 'connected');
    if (status === 'connected') {
      this.heartbeat.start();
      const reopened = this.state.hasConnected;
      this.dispatch({ type: 'open' });
      if (reopened) this.options.onReconnected?.();
    }
  };

  private readonly onSync = (synced: boolean) => {
    if (synced) this.dispatch({ type: 'synced' });
  };

  private readonly onConnectionClose = (event: CloseEvent | null) => {
    this.heartbeat.stop();
    this.dispatch({ type: 'closed', code: event ? event.code : null });
  };

  private readonly onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== this.provider) this.dispatch({ type: 'localChange' });
  };

  private readonly onOnline = () => {
    this.dispatch({ type: 'browserOnline' });
    // Back online: try at once rather than wait out a long backoff.
    if (this.state.phase === 'reconnecting') this.scheduleReconnect(1);
  };

  private readonly onOffline = () => {
    this.dispatch({ type: 'browserOffline' });
    this.dropSocket();
  };

  /** queryAwareness: the server answers it at once (C-AW-7), with at least this page's own state. */
  private readonly sendHeartbeatProbe = () => {
    const ws = this.provider.ws;
    if (ws && ws.readyState === ws.OPEN) ws.send(new Uint8Array([MessageType.queryAwareness]));
  };

  private readonly onQuiet = () => {
    this.dispatch({ type: 'quiet' });
    this.dropSocket();
  };

  /**
   * Closes a socket that can no longer be trusted (no network, or quiet). Every edit stays in the
   * document and its offline copy, and nothing more piles up on the dead socket to reach the
   * server as one burst when the network returns (the next socket's SyncStep2 carries it all).
   * y-websocket drops the other people's awareness states, so their carets leave the page.
   */
  private dropSocket(): void {
    if (this.destroyed || this.provider.ws === null) return;
    this.provider.disconnect();
  }

  private dispatch(event: ConnectionEvent): void {
    if (this.destroyed) return;
    const next = connectionReducer(this.state, event, { abnormalClosesBeforeProbe: ABNORMAL_CLOSES_BEFORE_PROBE });
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
    // y-websocket emits its events half-way through its own bookkeeping (e.g. before it
    // forgets a closed socket), so act on the new state once that has finished.
    if (!this.effectsQueued) {
      this.effectsQueued = true;
      queueMicrotask(() => {
        this.effectsQueued = false;
        if (!this.destroyed) this.runEffects();
      });
    }
  }

  private runEffects(): void {
    const state = this.state;
    if (state.phase === 'stopped') {
      this.clearTimers();
      if (this.provider.shouldConnect || this.provider.ws !== null) this.provider.disconnect();
      return;
    }
    if (state.probeDue) {
      this.dispatch({ type: 'probeStarted' });
      this.options.probe().then(
        (result) => this.dispatch({ type: 'probeFinished', result }),
        () => this.dispatch({ type: 'probeFinished', result: 'unreachable' }),
      );
      return;
    }
    if (shouldScheduleReconnect(state) && this.reconnectTimer === null && this.provider.ws === null) {
      this.scheduleReconnect(state.failedAttempts);
    }
  }

  private scheduleReconnect(attempt: number): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    const delay = reconnectDelayMs(attempt, { baseMs: RECONNECT_BASE_DELAY_MS, maxMs: RECONNECT_MAX_DELAY_MS });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.destroyed && shouldScheduleReconnect(this.state) && this.provider.ws === null) {
        this.provider.connect();
      }
    }, delay);
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.startTimer !== null) clearTimeout(this.startTimer);
    this.reconnectTimer = null;
    this.startTimer = null;
  }
}
