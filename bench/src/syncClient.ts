import type WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { webSocketClass } from './EditorClient.ts';
import { coversState } from './typingHistory.ts';

/**
 * The y-websocket client side of the first-sync benchmark: a provider on a
 * room (with the Cookie and Origin a browser would send), waiting for it,
 * and timing a fresh provider's first sync with where the time went.
 */

/** How long any wait for the server may take before the run fails. */
export const SYNC_TIMEOUT_MS = 60_000;

export type Connection = { serverUrl: string; room: string; headers: Record<string, string>; localAddress?: string };

/** A provider on the connection's room, through a WebSocket that sends the connection's headers. */
export function newProvider(connection: Connection, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(connection.serverUrl, connection.room, doc, {
    WebSocketPolyfill: webSocketClass(connection.headers, connection.localAddress),
    disableBc: true,
  });
}

/** Resolves once `done()` holds, checked on each document update (or 'sync' event); rejects after `timeoutMs`. */
export function waitFor(
  provider: WebsocketProvider,
  done: () => boolean,
  timeoutMs: number,
  what: string,
  onEvent: 'sync' | 'update' = 'update',
): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: nothing after ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      provider.off('sync', check);
      provider.doc.off('update', check);
    };
    if (onEvent === 'sync') provider.on('sync', check);
    else provider.doc.on('update', check);
  });
}

/** Where a first sync's time went, in ms from the provider's construction. */
export type SyncTiming = {
  totalMs: number;
  /** The upgrade answered (server-side auth and checks done). */
  openMs: number;
  /** The message that completed the sync (the server's SyncStep2) arrived. */
  stateArrivedMs: number;
  /** Bytes of that message. */
  stateBytes: number;
  /** Applying it in the client: totalMs − stateArrivedMs. */
  clientApplyMs: number;
  /** Jointly's own figure for reading the entry from the store (its debug log "collab room loaded"), cold syncs only. */
  serverLoadMs?: number | null;
};

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Constructs a provider on a fresh doc and times it to the 'sync' event, with a breakdown. */
export async function timeFirstSync(
  connection: Connection,
  expected: Map<number, number>,
): Promise<{ timing: SyncTiming; complete: boolean; provider: WebsocketProvider }> {
  const doc = new Y.Doc();
  const started = performance.now();
  const provider = newProvider(connection, doc);
  let openAt = Number.NaN;
  let lastArrival = Number.NaN;
  let lastBytes = 0;
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected' && Number.isNaN(openAt)) openAt = performance.now();
  });
  // Runs before the provider's own handler (which applies the update), so it sees the arrival time.
  const socket = provider.ws as unknown as WebSocket | null;
  socket?.prependListener('message', (data: Buffer | ArrayBuffer) => {
    if (provider.synced) return;
    lastArrival = performance.now();
    lastBytes = data.byteLength;
  });
  await waitFor(provider, () => provider.synced, SYNC_TIMEOUT_MS, 'first sync', 'sync');
  const syncedAt = performance.now();
  return {
    timing: {
      totalMs: round1(syncedAt - started),
      openMs: round1(openAt - started),
      stateArrivedMs: round1(lastArrival - started),
      stateBytes: lastBytes,
      clientApplyMs: round1(syncedAt - lastArrival),
    },
    complete: coversState(doc, expected),
    provider,
  };
}

/** Closes the provider and frees its document. */
export function destroy(provider: WebsocketProvider): void {
  const doc = provider.doc;
  provider.destroy();
  doc.destroy();
}
