import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  CloseCode,
  CloseReason,
  type EntryEvent,
  type EntryStatus,
  ErrorCode,
  type ErrorCodeValue,
  type PresenceDto,
  type Role,
} from '@jointly/shared';
import { type WebSocket, WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import { readSessionToken } from '../auth/sessionCookie.ts';
import { type Config, SHUTDOWN_CLOSE_HANDSHAKE_MS, SHUTDOWN_DRAIN_MS } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { EventBus } from '../events/eventBus.ts';
import { isAllowedOrigin } from '../http/originCheck.ts';
import type { Logger } from '../logger.ts';
import { type CollabAuth, CollabConnection } from './CollabConnection.ts';
import { ConnectionLimits } from './ConnectionLimits.ts';
import { type CollabTuning, DEFAULT_COLLAB_TUNING, POSTGRES_COMMITS_IN_FLIGHT } from './collabTuning.ts';
import type { DocRelay } from './docRelay.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';
import type { CollabStoreHooks, DocStore } from './docStore.ts';
import { type HeldEntryDocument, heldEntryDocument } from './heldEntryDocument.ts';
import { encodeEventMessage } from './messages.ts';
import { guardSocket, type PartialMessageGuard, partialMessageGuardFor } from './partialMessages.ts';
import { RoomManager, type RoomManagerDeps } from './RoomManager.ts';
import { recheckLiveSockets } from './recheckLiveSockets.ts';
import { createUpdateValidator, type UpdateValidator } from './updateValidator.ts';
import { isWellFormedHandshake, parseCollabTarget, refuseUpgrade } from './upgradeRequest.ts';
import { startWalCheckpointer, type WalCheckpointer } from './walCheckpointer.ts';

/** What the collaboration server needs; `Services` (services.ts) satisfies it. */
export type CollabDeps = {
  config: Pick<Config, 'collabMaxMessageBytes' | 'publicUrl' | 'secureCookies'>;
  database?: Pick<DatabaseHandle, 'db' | 'dialect'>;
  /** Defaults to the Kysely store over `database`. */
  store?: DocStore;
  /** Added to each group commit of the default store (suggestion authors, C-SUGGEST-1). */
  storeHooks?: CollabStoreHooks;
  events: EventBus;
  sessions: { validateToken(token: string): Promise<CollabAuth | null> };
  entries: {
    roleOf(entryId: string, userId: string): Promise<Role | null>;
    statusOf(entryId: string): Promise<EntryStatus | null>;
    /** The entry's sections and word limits (C-SCHEMA-2); absent, any well-formed section id is accepted. */
    sectionLimitsOf?(entryId: string): Promise<ReadonlyMap<string, number | null> | null>;
    finalistOpenOf?(entryId: string): Promise<boolean>; // leads and contributors write its outline (C-WRITE-5)
  };
  logger: Logger;
  tuning?: Partial<CollabTuning>;
  /** Scaled mode: relays documents and presence to the other processes (src/scale). */
  relay?: DocRelay;
  /** Who wrote in which sections, noted as each batch goes to its commit (history/historyRecorder.ts). */
  noteWrites?: RoomManagerDeps['noteWrites'];
};

export type CollabServer = {
  /** Route every HTTP upgrade here: `server.on('upgrade', collab.handleUpgrade)`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** People with the entry open now (C-ROOM-4). */
  presence(entryId: string): PresenceDto[];
  /** Words per section from the live or stored document (for `DocInsight.sectionWords`). */
  sectionWords(entryId: string): Promise<Map<string, number>>;
  /** Runs `read` on the live or stored document (read-only; e.g. provenance's text shares). */
  readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** The entry's status changed: its room takes writes or not (C-WRITE-2), its sockets close 4101 (C-WRITE-4). */
  entryStatusChanged(entryId: string, status: EntryStatus | null): void;
  /** Runs `run` on the entry's document with client writes held, so it equals the store (C-HOLD-1). */
  withWritesHeld<T>(entryId: string, run: (doc: Y.Doc, held: HeldEntryDocument) => Promise<T>): Promise<T>;
  /** Re-validates every socket's session and membership now (also runs every SOCKET_SESSION_RECHECK_MS). */
  recheckSessions(): Promise<void>;
  readonly rooms: RoomManager;
  readonly store: DocStore;
  readonly validator: UpdateValidator;
  /** Open collaboration sockets (tests and metrics). */
  connectionCount(): number;
  /** Incomplete WebSocket messages held now (RELIABILITY A2; tests and metrics). */
  readonly partialMessages: Pick<PartialMessageGuard, 'heldBytes' | 'openCount'>;
  /** Keys holding connection slots, open or in the handshake (tests assert they drain, RELIABILITY A3). */
  slotCounts(): { ips: number; users: number };
  /** Graceful shutdown: stop accepting, store and acknowledge what is queued, close sockets with 1012, compact. */
  close(): Promise<void>;
};

/**
 * The collaboration socket `/collab/:entryId` (COLLAB_PROTOCOL.md): checks
 * every upgrade before it happens, then wires each socket to its entry's room.
 * Documents, persistence and relay live in RoomManager and Room.
 */
export function createCollabServer(deps: CollabDeps): CollabServer {
  const tuning: CollabTuning = {
    ...DEFAULT_COLLAB_TUNING,
    commitsInFlight: deps.database?.dialect === 'postgres' ? POSTGRES_COMMITS_IN_FLIGHT : 1,
    ...deps.tuning,
  };
  const { logger, config } = deps;
  const store = deps.store ?? createStoreFrom(deps.database, deps.storeHooks);
  const validator = createUpdateValidator({
    timeoutMs: tuning.decodeTimeoutMs,
    workers: tuning.validatorWorkers,
    inlineMaxBytes: tuning.inlineDecodeMaxBytes,
    logger,
  });
  const rooms = new RoomManager({
    store,
    validator,
    statusOf: (entryId) => deps.entries.statusOf(entryId),
    sectionsOf: deps.entries.sectionLimitsOf ? (entryId) => deps.entries.sectionLimitsOf!(entryId) : undefined,
    finalistOpenOf: deps.entries.finalistOpenOf?.bind(deps.entries),
    logger,
    tuning,
    relay: deps.relay,
    noteWrites: deps.noteWrites,
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.collabMaxMessageBytes,
    clientTracking: false,
    perMessageDeflate: false,
  });
  const perIp = new ConnectionLimits(tuning.maxSocketsPerIp);
  const perUser = new ConnectionLimits(tuning.maxSocketsPerUser);
  const connections = new Set<CollabConnection>();
  // Incomplete messages are bounded in time and bytes, per person and per process (RELIABILITY A2).
  const partials = partialMessageGuardFor(tuning.partialMessageMaxMs, config.collabMaxMessageBytes);
  let closing = false;

  // SQLite: WAL checkpoints in a background thread, so no commit on the event loop pays for one.
  const checkpointer: Promise<WalCheckpointer | null> =
    deps.database?.dialect === 'sqlite' && tuning.backgroundCheckpoints
      ? startWalCheckpointer(deps.database.db, { logger }).catch((err) => {
          logger.error('WAL checkpointer not started', { err });
          return null;
        })
      : Promise.resolve(null);

  // ---------------------------------------------------------------------------
  // Upgrade: every check happens before the socket becomes a WebSocket.
  // ---------------------------------------------------------------------------

  /** The checks that need no database: a refusal, or what the upgrade asks for. */
  function precheck(
    req: IncomingMessage,
  ): { refusal: [number, string] } | { target: NonNullable<ReturnType<typeof parseCollabTarget>>; token: string } {
    if (closing) return { refusal: [503, 'The server is restarting. Try again shortly.'] };
    const target = parseCollabTarget(req.url);
    if (!target) return { refusal: [404, 'Not found.'] }; // C-AUTH-1
    if (!isWellFormedHandshake(req)) return { refusal: [400, 'Malformed WebSocket handshake.'] }; // C-AUTH-2
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, config)) {
      return { refusal: [403, 'Connections from another site are not allowed.'] }; // C-AUTH-3
    }
    const token = readSessionToken(req.headers.cookie, config);
    if (!token) return { refusal: [401, 'Sign in to continue.'] }; // C-AUTH-4
    return { target, token };
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Invalid frames or resets must never crash the process (RELIABILITY A5).
    socket.on('error', (err) => logger.debug('collab socket error', { err: String(err) }));
    const refuse = (status: number, message: string, code?: ErrorCodeValue) =>
      refuseUpgrade(socket, status, message, tuning.refusedUpgradeLingerMs, code);
    const checked = precheck(req);
    if ('refusal' in checked) {
      refuse(...checked.refusal);
      return;
    }
    const { target, token } = checked;
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (!perIp.tryAcquire(ip)) {
      refuse(429, 'Too many connections.'); // C-AUTH-6
      return;
    }

    // Slots are held until the socket closes or a connection takes them over, and released once.
    const slots = { user: null as string | null, released: false };
    const releaseSlots = () => {
      if (slots.released) return;
      slots.released = true;
      perIp.release(ip);
      if (slots.user) perUser.release(slots.user);
    };
    socket.once('close', releaseSlots);

    void (async () => {
      const auth = await deps.sessions.validateToken(token);
      if (slots.released) return;
      if (!auth) return refuse(401, 'Sign in to continue.'); // C-AUTH-4
      if (auth.twoFactorEnrolmentRequired) {
        // C-AUTH-8: the organisation requires two-factor sign-in and this session has none.
        return refuse(403, 'Set up two-factor authentication to carry on.', ErrorCode.twoFactorEnrolmentRequired);
      }
      const role = await deps.entries.roleOf(target.entryId, auth.user.id);
      if (slots.released) return;
      if (!role) return refuse(404, 'Not found.'); // C-AUTH-5: same as a missing entry
      if (!perUser.tryAcquire(auth.user.id)) return refuse(429, 'Too many connections.'); // C-AUTH-6
      slots.user = auth.user.id;
      if (closing) return refuse(503, 'The server is restarting. Try again shortly.');
      wss.handleUpgrade(req, socket, head, (ws) => {
        // The connection now owns the slots and releases them when the WebSocket closes.
        socket.off('close', releaseSlots);
        slots.released = true;
        onConnection(ws, socket, { auth, role, token, ip, ...target });
      });
    })().catch((err) => {
      logger.error('collab upgrade failed', { err });
      refuse(503, 'Jointly cannot reach its database. Try again shortly.');
    });
  }

  // ---------------------------------------------------------------------------
  // Connection: listeners attached synchronously, before any await (C-ROOM-3).
  // ---------------------------------------------------------------------------

  function onConnection(
    ws: WebSocket,
    socket: Duplex,
    context: {
      auth: CollabAuth;
      role: Role;
      token: string;
      ip: string;
      entryId: string;
      wantsAcks: boolean;
      wantsEvents: boolean;
      wantsRefusals: boolean;
    },
  ): void {
    const connection = new CollabConnection({ ws, ...context, tuning, logger });
    connections.add(connection);
    const unguard = guardSocket(partials, socket, connection, logger);
    let room: Awaited<ReturnType<RoomManager['acquire']>> | null = null;

    ws.on('message', (data, isBinary) => connection.receive(data as Buffer, isBinary));
    ws.on('pong', () => connection.ponged());
    ws.on('error', (err) => {
      // ws closes the socket itself (1002/1007/1009 …); we only note it.
      logger.debug('collab websocket error', { entryId: connection.entryId, userId: connection.userId, err: `${err}` });
    });
    ws.on('close', (code) => {
      connection.markClosed(code);
      unguard();
      connections.delete(connection);
      perIp.release(connection.ip);
      perUser.release(connection.userId);
      if (room) rooms.release(room, connection);
    });

    rooms.acquire(context.entryId).then(
      (loaded) => {
        if (connection.closed) return;
        room = loaded;
        loaded.join(connection);
      },
      (err) => {
        logger.error('collab room failed to load', { entryId: context.entryId, err });
        connection.close(CloseCode.internalError, CloseReason.storage);
      },
    );
  }

  // ---------------------------------------------------------------------------
  // Revocation (C-REVOKE rules)
  // ---------------------------------------------------------------------------

  /** C-EVENT-1/2: tells every opted-in socket of the entry, in this process, what changed. */
  function sendEvent(entryId: string, event: EntryEvent, except?: (c: CollabConnection) => boolean): void {
    let bytes: Uint8Array | null = null;
    for (const c of connections) {
      if (c.entryId !== entryId || !c.wantsEvents || c.closed || except?.(c)) continue;
      bytes ??= encodeEventMessage(event);
      c.send(bytes);
    }
  }

  const unsubscribe = [
    deps.events.subscribe('entryChanged', ({ entryId, kind, sectionId }) => {
      if (kind === 'outcome') void rooms.refreshFinalistStage(entryId); // C-WRITE-5, in every process
      sendEvent(entryId, { kind, sectionId });
    }),
    deps.events.subscribe('sessionsRevoked', ({ userId, sessionIds }) => {
      for (const c of connections) {
        if (c.userId !== userId) continue;
        if (sessionIds && !sessionIds.includes(c.auth.sessionId)) continue;
        c.close(CloseCode.sessionEnded, CloseReason.sessionEnded);
      }
    }),
    // C-WRITE-4 in every process: the status change arrives through the bus (Redis in scaled mode).
    deps.events.subscribe('entryStatusChanged', ({ entryId, status }) => {
      const room = rooms.get(entryId);
      if (room) room.status = status;
      // Said before the 4101 close, so the page refetches at once rather than on reconnecting.
      sendEvent(entryId, { kind: 'status' });
      for (const c of connections) {
        if (c.entryId === entryId) c.close(CloseCode.entryStatusChanged, CloseReason.entryStatusChanged);
      }
    }),
    deps.events.subscribe('documentRewritten', ({ entryId }) => {
      sendEvent(entryId, { kind: 'status' });
      for (const c of connections) {
        if (c.entryId === entryId) c.close(CloseCode.entryStatusChanged, CloseReason.entryStatusChanged);
      }
      rooms.evict(entryId);
    }),
    deps.events.subscribe('membershipChanged', ({ entryId, userId, role }) => {
      // The member concerned is closed below (C-REVOKE-2/3); the others' member lists refetch.
      sendEvent(entryId, { kind: 'members' }, (c) => c.userId === userId);
      for (const c of connections) {
        if (c.entryId !== entryId || c.userId !== userId) continue;
        if (role === null) c.close(CloseCode.accessRemoved, CloseReason.accessRemoved);
        else if (c.role !== role) c.changeRole(role);
      }
    }),
  ];

  // C-REVOKE-4 (recheckLiveSockets.ts): sessions, roles and entry statuses read again periodically.
  const recheckSessions = () => recheckLiveSockets(connections, rooms.loaded(), deps, logger);

  const recheckTimer = setInterval(() => void recheckSessions(), tuning.sessionRecheckMs);
  recheckTimer.unref();

  // C-CLOSE-4: a socket that did not answer the previous ping is terminated.
  const pingTimer = setInterval(() => {
    for (const c of connections) {
      if (!c.pingOrTerminate()) {
        logger.debug('collab socket missed its pong; terminated', { entryId: c.entryId, userId: c.userId });
      }
    }
  }, tuning.pingIntervalMs);
  pingTimer.unref();

  let closed: Promise<void> | null = null;
  async function close(): Promise<void> {
    closed ??= (async () => {
      closing = true;
      clearInterval(recheckTimer);
      clearInterval(pingTimer);
      partials.stop();
      for (const off of unsubscribe) off();
      // Store and acknowledge everything being processed, then say goodbye (C-CLOSE-3). Messages
      // arriving from now on are dropped unacknowledged; clients resend them after reconnecting.
      for (const c of connections) c.stopReading();
      await Promise.race([
        Promise.allSettled(rooms.loaded().map((room) => room.whenIdle())),
        new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref()),
      ]);
      const sockets = [...connections];
      for (const c of sockets) c.close(CloseCode.serviceRestart, 'server restarting');
      await Promise.race([
        Promise.allSettled(
          sockets.map(
            (c) =>
              new Promise<void>((resolve) => {
                if (c.ws.readyState === c.ws.CLOSED) resolve();
                else c.ws.once('close', () => resolve());
              }),
          ),
        ),
        new Promise((resolve) => setTimeout(resolve, SHUTDOWN_CLOSE_HANDSHAKE_MS).unref()),
      ]);
      for (const c of sockets) if (c.ws.readyState !== c.ws.CLOSED) c.ws.terminate();
      await rooms.close();
      await validator.close();
      await (await checkpointer)?.stop();
      wss.close();
    })();
    return closed;
  }

  return {
    handleUpgrade,
    presence: (entryId) => rooms.presence(entryId),
    sectionWords: (entryId) => rooms.sectionWords(entryId),
    readDocument: (entryId, read) => rooms.readDocument(entryId, read),
    entryStatusChanged(entryId, status) {
      // Handled synchronously here by the subscription above, and by every other process.
      deps.events.publish('entryStatusChanged', { entryId, status });
    },
    withWritesHeld: (entryId, run) =>
      rooms.withWritesHeld(entryId, (doc, held) => run(doc, heldEntryDocument(entryId, held))),
    recheckSessions,
    rooms,
    store,
    validator,
    partialMessages: partials,
    connectionCount: () => connections.size,
    slotCounts: () => ({ ips: perIp.size, users: perUser.size }),
    close,
  };
}

function createStoreFrom(database: CollabDeps['database'], hooks: CollabStoreHooks = {}): DocStore {
  if (!database) throw new Error('createCollabServer needs a database or a store');
  return createKyselyDocStore(database, hooks);
}
