import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type EntryEvent, MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * Clients for the collaboration integration tests: the unmodified
 * y-websocket WebsocketProvider (with Node's `ws` carrying the Cookie and
 * Origin headers a browser would send), and a raw socket for hostile input.
 */
type Server = { origin: string; wsUrl: string };
type User = { cookie: string };

/** Fails a wait that never completes, so a broken rule shows as a clear timeout. */
export const WAIT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A WebSocket class for WebsocketProvider that sends the user's cookie and an Origin header. */
export function browserLikeWebSocket(user: User | null, origin: string | null) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      const headers: Record<string, string> = {};
      if (user) headers.cookie = user.cookie;
      if (origin) headers.origin = origin;
      super(url, protocols, { headers });
    }
  };
}

export type TestProvider = WebsocketProvider & { doc: Y.Doc };

/** An unmodified WebsocketProvider as a browser tab of `user` would open it. */
export function openProvider(
  server: Server,
  user: User,
  entryId: string,
  options: { doc?: Y.Doc; params?: Record<string, string>; origin?: string } = {},
): TestProvider {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, entryId, doc, {
    WebSocketPolyfill: browserLikeWebSocket(
      user,
      options.origin ?? server.origin,
    ) as unknown as typeof globalThis.WebSocket,
    // Node has BroadcastChannel: without this, providers in one process would sync around the server.
    disableBc: true,
    params: options.params ?? {},
    maxBackoffTime: 200,
  });
  return provider as TestProvider;
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSync);
        resolve();
      };
      provider.on('sync', onSync);
    }),
    'provider sync',
  );
}

/** The close event of a provider's next connection close. */
export function whenProviderClosed(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return withTimeout(
    new Promise((resolve) => {
      const onClose = (event: { code: number; reason: string } | null) => {
        if (!event) return;
        provider.off('connection-close', onClose as never);
        resolve({ code: event.code, reason: event.reason });
      };
      provider.on('connection-close', onClose as never);
    }),
    'provider close',
  );
}

/** Resolves once `predicate(doc)` holds, checked now and after every update of `doc`. */
export function waitForDoc(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean, what = 'document state'): Promise<void> {
  if (predicate(doc)) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onUpdate = () => {
        if (!predicate(doc)) return;
        doc.off('update', onUpdate);
        resolve();
      };
      doc.on('update', onUpdate);
    }),
    what,
  );
}

/** Resolves once `predicate()` holds, re-checked on every awareness change of `awareness`. */
export function waitForAwareness(
  awareness: awarenessProtocol.Awareness,
  predicate: () => boolean,
  what = 'awareness state',
): Promise<void> {
  if (predicate()) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onChange = () => {
        if (!predicate()) return;
        awareness.off('update', onChange);
        resolve();
      };
      awareness.on('update', onChange);
    }),
    what,
  );
}

export const sectionText = (doc: Y.Doc, sectionId: string) => {
  const fragment = doc.getXmlFragment(`section:${sectionId}`);
  return fragment
    .toArray()
    .map((node) =>
      node instanceof Y.XmlText ? node.toString() : (node as Y.XmlElement).toArray().map(String).join(''),
    )
    .join('\n');
};

/** Appends a paragraph with `text` to a section, as the editor would. */
export function writeParagraph(doc: Y.Doc, sectionId: string, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const content = new Y.XmlText();
    paragraph.insert(0, [content]);
    content.insert(0, text);
    const fragment = doc.getXmlFragment(`section:${sectionId}`);
    fragment.insert(fragment.length, [paragraph]);
  });
}

/** Writes an item of `collection` (testimonials or evidence) with `fields`, as the items panel would. */
export function writeItem(doc: Y.Doc, collection: string, itemId: string, fields: Record<string, unknown>): void {
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(fields)) item.set(key, value);
    doc.getMap(collection).set(itemId, item);
  });
}

export const paragraphs = (doc: Y.Doc, sectionId: string): string[] =>
  doc
    .getXmlFragment(`section:${sectionId}`)
    .toArray()
    .map((node) => ((node as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? '');

// ---------------------------------------------------------------------------
// Raw sockets
// ---------------------------------------------------------------------------

export type RawClient = {
  ws: WebSocket;
  received: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array): void;
  /** Resolves with the first received message for which `match` is true. */
  next(match: (bytes: Uint8Array) => boolean, what?: string): Promise<Uint8Array>;
  /** Sends SyncStep1 for `doc` and applies replies to it until the server's SyncStep2 arrived. */
  sync(doc: Y.Doc): Promise<void>;
};

export function openRaw(
  server: Server,
  user: User | null,
  entryId: string,
  options: { origin?: string | null; query?: string } = {},
): RawClient {
  const headers: Record<string, string> = {};
  if (user) headers.cookie = user.cookie;
  const origin = options.origin === undefined ? server.origin : options.origin;
  if (origin) headers.origin = origin;
  const ws = new WebSocket(`${server.wsUrl}/${entryId}${options.query ?? ''}`, { headers });
  const received: Uint8Array[] = [];
  const waiters: { match: (b: Uint8Array) => boolean; resolve: (b: Uint8Array) => void }[] = [];
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    received.push(bytes);
    for (const waiter of [...waiters]) {
      if (waiter.match(bytes)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(bytes);
      }
    }
  });
  ws.on('error', () => {});
  const opened = withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    }),
    'socket open',
  );
  opened.catch(() => {});
  const closed = withTimeout(
    new Promise<{ code: number; reason: string }>((resolve) => {
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    }),
    'socket close',
  );
  closed.catch(() => {});
  const client: RawClient = {
    ws,
    received,
    opened,
    closed,
    send(bytes) {
      ws.send(bytes);
    },
    next(match, what = 'a message') {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return withTimeout(new Promise((resolve) => waiters.push({ match, resolve })), what);
    },
    async sync(doc) {
      await opened;
      const isStep2 = (bytes: Uint8Array) => {
        const d = decoding.createDecoder(bytes);
        return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === syncProtocol.messageYjsSyncStep2;
      };
      const reply = client.next(isStep2, 'SyncStep2');
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, doc);
      ws.send(encoding.toUint8Array(encoder));
      const bytes = await reply;
      const decoder = decoding.createDecoder(bytes);
      decoding.readVarUint(decoder);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
    },
  };
  return client;
}

/** What the server answers an upgrade with: the HTTP status of a refusal, or 101. */
export function upgradeStatus(
  server: Server,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${server.wsUrl.replace(/\/collab$/, '')}${path}`, { headers });
      ws.on('error', () => {});
      ws.once('open', () => {
        ws.terminate();
        resolve({ status: 101, body: '' });
      });
      ws.once('unexpected-response', (_req, res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        res.on('error', reject);
      });
    }),
    `upgrade of ${path}`,
  );
}

/** `[type, …]` message builders for hostile input. */
export const frames = {
  update(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  },
  awareness(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  },
  /** An awareness message; `json` sends a state's text as is (for bombs that JSON.stringify cannot make). */
  awarenessOf(entries: { clientId: number; clock: number; state?: unknown; json?: string }[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.json ?? JSON.stringify(entry.state ?? null));
    }
    return frames.awareness(encoding.toUint8Array(encoder));
  },
};

/** Type of a server message and, for sync, its step. */
export function kindOf(bytes: Uint8Array): { type: number; step?: number } {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  return type === 0 ? { type, step: decoding.readVarUint(decoder) } : { type };
}

/** The awareness entries of a server awareness message. */
export function awarenessEntries(bytes: Uint8Array): { clientId: number; clock: number; state: unknown }[] {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== 1) return [];
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const count = decoding.readVarUint(update);
  const entries = [];
  for (let i = 0; i < count; i++) {
    entries.push({
      clientId: decoding.readVarUint(update),
      clock: decoding.readVarUint(update),
      state: JSON.parse(decoding.readVarString(update)) as unknown,
    });
  }
  return entries;
}

/** Watches the event loop while `run` executes; resolves with the worst delay seen, in ms. */
export async function worstEventLoopDelay(run: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // A drift probe as well: a 10 ms timer that fires late measures a blocked loop directly.
  let worstDrift = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    worstDrift = Math.max(worstDrift, now - last - 10);
    last = now;
  }, 10);
  try {
    await run();
  } finally {
    clearInterval(probe);
    histogram.disable();
  }
  return Math.max(worstDrift, histogram.max / 1e6);
}

/** The event of a `[101, json]` message (C-EVENT-1), or null for any other message. */
export function eventOf(bytes: Uint8Array): EntryEvent | null {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== MessageType.event) return null;
  return JSON.parse(decoding.readVarString(decoder)) as EntryEvent;
}

export { awarenessProtocol };
