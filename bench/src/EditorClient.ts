import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LatencyRecorder } from './latency.ts';

/** Characters an editor's own paragraph may reach before it trims it (50 editors in one section stay under 4,800). */
const EDITOR_PARAGRAPH_MAX_CHARS = 80;

/**
 * One simulated editor: a real y-websocket `WebsocketProvider` on its own
 * Y.Doc, typing small texts into the Y.XmlFragment of one section.
 *
 * Latency without parsing: every edit is one transaction by this doc's
 * client id, so after edit n the client's clock is `clockEnds[n]`. A receiver
 * knows edit n arrived once its own state vector holds that clock for the
 * sender (Y.getState). All editors live in one process, so `performance.now()`
 * at send and at receipt share a clock. The inserted text still carries the
 * editor, sequence number and send time, as a human-readable trace.
 */

type PolyfillType = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

/** A `ws` WebSocket that sends the headers a browser would (Cookie, Origin) and picks a source address. */
export function webSocketClass(headers: Record<string, string>, localAddress: string | undefined): PolyfillType {
  class BenchWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers, localAddress });
    }
  }
  return BenchWebSocket as unknown as PolyfillType;
}

/** What every editor of one run shares: the measurement window and where samples go. */
export class RunContext {
  /** performance.now() bounds: only edits sent inside [windowStart, windowEnd) are measured. */
  windowStart = Number.POSITIVE_INFINITY;
  windowEnd = Number.POSITIVE_INFINITY;
  readonly all = new LatencyRecorder();
  /**
   * The same deliveries split by whether sender and receiver were connected to the same server
   * process (same `serverUrl`) or to different ones (relayed between processes: scaled mode).
   */
  readonly sameServer = new LatencyRecorder();
  readonly crossServer = new LatencyRecorder();
  /** Per second of the window (by send time): samples, for a timeline. */
  readonly perSecond: LatencyRecorder[] = [];
  measuredEdits = 0;
  expectedDeliveries = 0;
  deliveries = 0;
  /** Closes and errors seen after the editor first synced (the run should have none). */
  unexpectedCloses: Record<string, number> = {};
  connectionErrors = 0;
  reconnects = 0;

  isMeasured(sendTime: number): boolean {
    return sendTime >= this.windowStart && sendTime < this.windowEnd;
  }

  recordDelivery(sendTime: number, now: number, crossServer: boolean): void {
    const latency = now - sendTime;
    this.all.record(latency);
    (crossServer ? this.crossServer : this.sameServer).record(latency);
    this.deliveries++;
    const second = Math.floor((sendTime - this.windowStart) / 1000);
    let bucket = this.perSecond[second];
    if (!bucket) {
      for (let i = this.perSecond.length; i <= second; i++) this.perSecond[i] = new LatencyRecorder();
      bucket = this.perSecond[second] as LatencyRecorder;
    }
    bucket.record(latency);
  }
}

export type EditorSpec = {
  /** y-websocket serverUrl, e.g. ws://127.0.0.1:3000/collab */
  serverUrl: string;
  room: string;
  /** Top-level Y.XmlFragment name, `section:<id>`. */
  fragmentName: string;
  /** Cookie header value (`name=value`), for Jointly. */
  cookie?: string;
  origin?: string;
  localAddress?: string;
  label: string;
};

export class EditorClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly fragment: Y.XmlFragment;
  private text: Y.XmlText | null = null;
  /** Send time (performance.now()) and resulting own clock of each edit, by sequence number. */
  readonly sendTimes: number[] = [];
  readonly clockEnds: number[] = [];
  private peers: EditorClient[] = [];
  /** Per peer: connected to a different server process than this editor. */
  private peerOnOtherServer: boolean[] = [];
  private nextFromPeer = new Uint32Array(0);
  private synced = false;
  private closing = false;

  constructor(
    readonly spec: EditorSpec,
    private readonly ctx: RunContext,
  ) {
    const headers: Record<string, string> = {};
    if (spec.cookie) headers.Cookie = spec.cookie;
    if (spec.origin) headers.Origin = spec.origin;
    this.fragment = this.doc.getXmlFragment(spec.fragmentName);
    this.provider = new WebsocketProvider(spec.serverUrl, spec.room, this.doc, {
      WebSocketPolyfill: webSocketClass(headers, spec.localAddress),
      // Without this, providers of one room in one process would sync through a
      // BroadcastChannel and bypass the server entirely.
      disableBc: true,
      // A benchmark client reconnects quickly if the server drops it (and we count it).
      maxBackoffTime: 1000,
    });
    this.provider.awareness.setLocalState({ user: { name: spec.label, color: '#005eb8' } });
    this.provider.on('connection-close', (event) => {
      if (this.closing || !this.synced) return;
      const key = event ? `${event.code}${event.reason ? ` ${event.reason}` : ''}` : 'local (no message for 30 s)';
      ctx.unexpectedCloses[key] = (ctx.unexpectedCloses[key] ?? 0) + 1;
    });
    this.provider.on('connection-error', () => {
      if (!this.closing) ctx.connectionErrors++;
    });
    this.provider.on('sync', (isSynced: boolean) => {
      if (isSynced && this.synced) ctx.reconnects++;
      if (isSynced) this.synced = true;
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) this.onRemoteUpdate();
    });
  }

  /** Resolves on the first 'sync'; rejects with the close code if the server refuses. */
  whenSynced(timeoutMs: number): Promise<number> {
    const started = performance.now();
    if (this.provider.synced) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      let lastClose = 'none';
      const onClose = (event: { code: number; reason: string } | null) => {
        lastClose = event ? `${event.code} ${event.reason}` : 'local';
      };
      const timer = setTimeout(() => {
        this.provider.off('sync', onSync);
        this.provider.off('connection-close', onClose);
        reject(new Error(`${this.spec.label} did not sync within ${timeoutMs} ms (last close: ${lastClose})`));
      }, timeoutMs);
      const onSync = (isSynced: boolean) => {
        if (!isSynced) return;
        clearTimeout(timer);
        this.provider.off('sync', onSync);
        this.provider.off('connection-close', onClose);
        resolve(performance.now() - started);
      };
      this.provider.on('sync', onSync);
      this.provider.on('connection-close', onClose);
    });
  }

  /** The editors whose edits this one waits for (everyone else in the room). */
  setPeers(peers: EditorClient[]): void {
    this.peers = peers.filter((p) => p !== this);
    this.peerOnOtherServer = this.peers.map((p) => p.spec.serverUrl !== this.spec.serverUrl);
    this.nextFromPeer = new Uint32Array(this.peers.length);
  }

  /** Types a small text at the end of this editor's own paragraph. */
  edit(withCursor: boolean): void {
    const seq = this.sendTimes.length;
    const sendTime = performance.now();
    const content = ` ${this.spec.label}#${seq}@${sendTime.toFixed(1)}`;
    this.doc.transact(() => {
      let text = this.text;
      if (!text) {
        const paragraph = new Y.XmlElement('paragraph');
        this.fragment.insert(this.fragment.length, [paragraph]);
        text = new Y.XmlText();
        paragraph.insert(0, [text]);
        this.text = text;
      }
      text.insert(text.length, content);
      // Keep this editor's paragraph short, as a person revising would: a section holds at most
      // 12 characters per word of its limit (C-SCHEMA-3), shared by everyone writing in it.
      if (text.length > EDITOR_PARAGRAPH_MAX_CHARS) text.delete(0, text.length - EDITOR_PARAGRAPH_MAX_CHARS / 2);
    });
    this.sendTimes.push(sendTime);
    this.clockEnds.push(Y.getState(this.doc.store, this.doc.clientID));
    if (this.ctx.isMeasured(sendTime)) {
      this.ctx.measuredEdits++;
      this.ctx.expectedDeliveries += this.peers.length;
    }
    if (withCursor && this.text) {
      // As y-prosemirror writes it: relative positions (Jointly refuses anything else, C-AW-9).
      const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.text, this.text.length));
      this.provider.awareness.setLocalStateField('cursor', { anchor: at, head: at });
    }
  }

  private onRemoteUpdate(): void {
    const now = performance.now();
    const store = this.doc.store;
    for (let i = 0; i < this.peers.length; i++) {
      const peer = this.peers[i] as EditorClient;
      let next = this.nextFromPeer[i] as number;
      const sent = peer.clockEnds.length;
      if (next >= sent) continue;
      const state = Y.getState(store, peer.doc.clientID);
      const crossServer = this.peerOnOtherServer[i] as boolean;
      while (next < sent && (peer.clockEnds[next] as number) <= state) {
        const sendTime = peer.sendTimes[next] as number;
        if (this.ctx.isMeasured(sendTime)) this.ctx.recordDelivery(sendTime, now, crossServer);
        next++;
      }
      this.nextFromPeer[i] = next;
    }
  }

  /** True once every measured edit of every peer has arrived here. */
  caughtUp(): boolean {
    for (let i = 0; i < this.peers.length; i++) {
      if ((this.nextFromPeer[i] as number) < (this.peers[i] as EditorClient).clockEnds.length) return false;
    }
    return true;
  }

  destroy(): void {
    this.closing = true;
    this.provider.destroy();
    this.doc.destroy();
  }
}
