import * as Y from 'yjs';
import type { ChildServer, LogTally } from './childServer.ts';
import { JointlyApi, startJointlyServer } from './jointlyServer.ts';
import type { BenchOptions } from './options.ts';
import { probeSocket } from './probeSocket.ts';
import { sampleProcessTree } from './procStats.ts';
import { startReferenceServer } from './referenceServer.ts';
import { openServerStorage } from './serverStorage.ts';
import { type StorageCounts, storageCounts } from './sqliteFile.ts';
import {
  type Connection,
  destroy,
  newProvider,
  SYNC_TIMEOUT_MS,
  type SyncTiming,
  timeFirstSync,
  waitFor,
} from './syncClient.ts';
import { makeTempDir, removeTempDir } from './tempDirs.ts';
import { coversState, generateTypingHistory, type TypingHistory } from './typingHistory.ts';

/**
 * Time to first sync of an entry holding many stored updates (PRODUCT §8:
 * 100,000 updates, first sync under 300 ms). The history is generated once
 * (one keystroke per update), written to the server, the server restarted on
 * the same DATA_DIR, and a fresh WebsocketProvider timed from construction to
 * its 'sync' event. Each cold measurement gets its own restart; warm ones
 * connect while the document is loaded.
 *
 * Ways of writing the updates (--first-sync-mode):
 *  - socket: a real WebsocketProvider sends them one update per message, paced
 *    by a second client that must have received each batch (so the server has
 *    stored it: Jointly relays only after a durable write). The server's own
 *    compaction runs as it would in production.
 *  - store: through the server's DocStore with the server stopped, compacting
 *    every COMPACT_AFTER_UPDATES updates as a live room does (fast).
 *  - raw: the same without compaction: every update a row in doc_updates when
 *    the server starts (the worst case, e.g. a crash before any compaction).
 */

export type FirstSyncResult = {
  serverName: string;
  mode: string;
  updates: number;
  /** Bytes of the final document (Y.encodeStateAsUpdate). */
  documentBytes: number;
  writeMs: number;
  /** Updates per second the server accepted while writing (socket mode). */
  writeRate: number | null;
  storageBeforeRestart: StorageCounts | null;
  /** Measured right after the first cold sync, the server still running. */
  storageAtFirstSync: StorageCounts | null;
  storageAfterStop: StorageCounts | null;
  coldSyncMs: number[];
  warmSyncMs: number[];
  cold: SyncTiming[];
  warm: SyncTiming[];
  /** Every synced client held the whole history. */
  complete: boolean;
  serverRssAfterLoadMiB: number | null;
  closesWhileWriting: Record<string, number>;
  /** Compactions the benchmark ran while writing (store mode). */
  compactionsWhileWriting: number | null;
  serverLog: LogTally | null;
  note: string;
};

/** Updates sent before waiting for the observer to have them all (socket mode); Jointly closes a connection with more than 256 messages queued. */
const SOCKET_BATCH = 100;
const WARM_SYNCS = 3;
/** Updates per DocStore append (store modes): a group commit, as the room makes under load. */
const STORE_BATCH = 100;
/** Jointly's debug log line after a room is loaded, with `ms`. */
const ROOM_LOADED_MESSAGE = 'collab room loaded';

/** Sends the history through a live socket, one update per message, paced by an observer. */
async function writeThroughSocket(
  connection: Connection,
  history: TypingHistory,
): Promise<{ ms: number; closes: Record<string, number> }> {
  const closes: Record<string, number> = {};
  let finished = false;
  const writer = newProvider(connection, new Y.Doc());
  const observer = newProvider(connection, new Y.Doc());
  for (const provider of [writer, observer]) {
    provider.on('connection-close', (event) => {
      if (finished || !provider.synced) return;
      const key = event ? `${event.code} ${event.reason}` : 'local';
      closes[key] = (closes[key] ?? 0) + 1;
    });
  }
  try {
    await waitFor(writer, () => writer.synced, SYNC_TIMEOUT_MS, 'writer sync', 'sync');
    await waitFor(observer, () => observer.synced, SYNC_TIMEOUT_MS, 'observer sync', 'sync');
    const started = performance.now();
    let lastReport = started;
    for (let i = 0; i < history.updates.length; i += SOCKET_BATCH) {
      const batch = history.updates.slice(i, i + SOCKET_BATCH);
      const target = new Map<number, number>();
      for (const update of batch) {
        Y.applyUpdate(writer.doc, update);
        for (const [client, clock] of Y.parseUpdateMeta(update).to) {
          target.set(client, Math.max(target.get(client) ?? 0, clock));
        }
      }
      await waitFor(observer, () => coversState(observer.doc, target), SYNC_TIMEOUT_MS, `batch at update ${i}`);
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = Math.round((i + batch.length) / ((lastReport - started) / 1000));
        process.stderr.write(`  ${i + batch.length} updates written (${rate}/s)\n`);
      }
    }
    return { ms: performance.now() - started, closes };
  } finally {
    finished = true;
    destroy(writer);
    destroy(observer);
  }
}

/**
 * Appends the history through Jointly's DocStore with the server stopped, in
 * group commits of STORE_BATCH updates (one row per update, as the room
 * writes them). With `compact`, folds the log into the snapshot whenever it
 * reaches the server's threshold, as a live room does; without, leaves every
 * row in the log (the worst case: the server must load and compact them).
 */
async function writeThroughStore(
  rootDir: string,
  dataDir: string,
  entryId: string,
  userId: string,
  history: TypingHistory,
  compact: boolean,
): Promise<{ ms: number; compactions: number }> {
  const storage = await openServerStorage(rootDir, dataDir);
  const started = performance.now();
  let compactions = 0;
  try {
    let inLog = 0;
    for (let i = 0; i < history.updates.length; i += STORE_BATCH) {
      const updates = history.updates.slice(i, i + STORE_BATCH);
      const clientIds = new Set<number>();
      for (const update of updates) for (const client of Y.parseUpdateMeta(update).to.keys()) clientIds.add(client);
      await storage.store.appendUpdates(entryId, {
        updates,
        contributions: [],
        clients: [...clientIds].map((clientId) => ({ clientId, userId })),
        createdAt: Date.now(),
      });
      inLog += updates.length;
      if (compact && inLog >= storage.compactAfterUpdates) {
        await storage.store.compact(entryId);
        compactions++;
        inLog = 0;
      }
    }
    return { ms: performance.now() - started, compactions };
  } finally {
    await storage.close();
  }
}

export async function runJointlyFirstSync(options: BenchOptions): Promise<FirstSyncResult> {
  const dataDir = makeTempDir('jointly-bench-first-sync-');
  let server: ChildServer | null = await startJointlyServer(options, dataDir);
  try {
    const api = new JointlyApi(server.origin);
    const user = await api.signup(0, `fs${Date.now().toString(36)}`);
    const entry = await api.createEntry(user.cookie, 'Bench first-sync entry');
    const fragments = entry.sectionIds.map((id) => `section:${id}`);
    process.stderr.write(`  generating ${options.firstSyncUpdates} keystroke updates\n`);
    const history = generateTypingHistory(options.firstSyncUpdates, fragments);
    const connectionTo = (s: ChildServer): Connection => ({
      serverUrl: s.wsUrl,
      room: entry.id,
      headers: { Cookie: user.cookie, Origin: s.origin },
    });

    const probe = connectionTo(server);
    await probeSocket(`${probe.serverUrl}/${probe.room}`, probe.headers, probe.localAddress);
    let writeMs: number;
    let compactions: number | null = null;
    let closesWhileWriting: Record<string, number> = {};
    if (options.firstSyncMode === 'socket') {
      const written = await writeThroughSocket(connectionTo(server), history);
      writeMs = written.ms;
      closesWhileWriting = written.closes;
      await server.stop();
    } else {
      await server.stop();
      const written = await writeThroughStore(
        options.rootDir,
        dataDir,
        entry.id,
        user.userId,
        history,
        options.firstSyncMode === 'store',
      );
      writeMs = written.ms;
      compactions = written.compactions;
    }
    server = null;
    const storageBeforeRestart = storageCounts(options.rootDir, dataDir, entry.id);

    const cold: SyncTiming[] = [];
    const warm: SyncTiming[] = [];
    let complete = true;
    let storageAtFirstSync: StorageCounts | null = null;
    let serverRssAfterLoadMiB: number | null = null;
    let serverLog: LogTally | null = null;
    for (let run = 0; run < options.firstSyncRuns; run++) {
      // Debug level for the restarts only: the server logs how long loading the room took.
      server = await startJointlyServer(options, dataDir, { LOG_LEVEL: 'debug' }, [ROOM_LOADED_MESSAGE]);
      const connection = connectionTo(server);
      const coldSync = await timeFirstSync(connection, history.finalStateVector);
      const loaded = server.captured.filter((line) => line.entryId === entry.id).at(-1);
      cold.push({ ...coldSync.timing, serverLoadMs: typeof loaded?.ms === 'number' ? loaded.ms : null });
      complete &&= coldSync.complete;
      if (run === 0) {
        storageAtFirstSync = storageCounts(options.rootDir, dataDir, entry.id);
        const rss = sampleProcessTree(server.pid)?.rssBytes;
        serverRssAfterLoadMiB = rss === undefined ? null : Math.round((rss / 1048576) * 10) / 10;
        for (let i = 0; i < WARM_SYNCS; i++) {
          const warmSync = await timeFirstSync(connection, history.finalStateVector);
          warm.push(warmSync.timing);
          complete &&= warmSync.complete;
          destroy(warmSync.provider);
        }
      }
      destroy(coldSync.provider);
      serverLog = structuredClone(server.log);
      await server.stop();
      server = null;
    }
    return {
      serverName: 'jointly',
      mode: options.firstSyncMode,
      updates: history.updates.length,
      documentBytes: history.finalState.byteLength,
      writeMs: Math.round(writeMs),
      writeRate: options.firstSyncMode === 'socket' ? Math.round(history.updates.length / (writeMs / 1000)) : null,
      storageBeforeRestart,
      storageAtFirstSync,
      storageAfterStop: storageCounts(options.rootDir, dataDir, entry.id),
      coldSyncMs: cold.map((t) => t.totalMs),
      warmSyncMs: warm.map((t) => t.totalMs),
      cold,
      warm,
      complete,
      serverRssAfterLoadMiB,
      closesWhileWriting,
      serverLog,
      compactionsWhileWriting: compactions,
      note: {
        socket: 'written live through the socket (the server compacts as it goes); cold = after a server restart',
        store:
          'written through the DocStore with the server stopped, compacted every COMPACT_AFTER_UPDATES as a room does; cold = after a server restart',
        raw: 'written through the DocStore with the server stopped, never compacted (worst case); cold = after a server restart',
      }[options.firstSyncMode],
    };
  } finally {
    await server?.stop();
    removeTempDir(dataDir, options.keepData);
  }
}

/**
 * The reference keeps documents in memory only, so there is nothing to
 * restart into: its figure is the first sync of a live document that received
 * the same history through the socket (a lower bound for any server).
 */
export async function runReferenceFirstSync(options: BenchOptions): Promise<FirstSyncResult> {
  const server = await startReferenceServer();
  try {
    const fragments = ['section:a', 'section:b', 'section:c', 'section:d', 'section:e'];
    const history = generateTypingHistory(options.firstSyncUpdates, fragments);
    const connection: Connection = { serverUrl: server.wsUrl, room: 'bench-first-sync', headers: {} };
    const written = await writeThroughSocket(connection, history);
    const syncs: SyncTiming[] = [];
    let complete = true;
    for (let i = 0; i < options.firstSyncRuns + WARM_SYNCS; i++) {
      const sync = await timeFirstSync(connection, history.finalStateVector);
      syncs.push(sync.timing);
      complete &&= sync.complete;
      destroy(sync.provider);
    }
    const rss = sampleProcessTree(server.pid)?.rssBytes;
    return {
      serverName: 'reference',
      mode: 'socket',
      updates: history.updates.length,
      documentBytes: history.finalState.byteLength,
      writeMs: Math.round(written.ms),
      writeRate: Math.round(history.updates.length / (written.ms / 1000)),
      storageBeforeRestart: null,
      storageAtFirstSync: null,
      storageAfterStop: null,
      coldSyncMs: [],
      warmSyncMs: syncs.map((t) => t.totalMs),
      cold: [],
      warm: syncs,
      complete,
      serverRssAfterLoadMiB: rss === undefined ? null : Math.round((rss / 1048576) * 10) / 10,
      closesWhileWriting: written.closes,
      compactionsWhileWriting: null,
      serverLog: structuredClone(server.log),
      note: 'in memory, no persistence: no restart possible, every sync is warm',
    };
  } finally {
    await server.stop();
  }
}
