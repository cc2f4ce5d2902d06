import type { Socket } from 'node:net';
import {
  CloseCode,
  CloseReason,
  MessageType,
  type OrganisationKind,
  organisationColourOf,
  type Role,
} from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { READ_ONLY_WRITES_JUDGED_MAX } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AwarenessIdentity } from './awarenessFilter.ts';
import type { CollabTuning } from './collabTuning.ts';
import { type ClientMessage, encodeWritesDroppedMessage, parseClientMessage } from './messages.ts';
import { ProtocolError } from './ProtocolError.ts';

/** Who is behind a socket, as the session service reports it (structurally the lead's AuthContext). */
export type CollabAuth = {
  sessionId: string;
  user: { id: string; email: string; name: string };
  organisation: { id: string; name: string; kind: OrganisationKind };
  /** Held to setting up two-factor sign-in (auth/twoFactorEnrolment.ts): refused 403, closed 4428 (C-AUTH-8). */
  twoFactorEnrolmentRequired?: boolean;
};

/** Everything a connection is made from: the socket, who is behind it, and its limits. */
export type CollabConnectionOptions = {
  ws: WebSocket;
  entryId: string;
  auth: CollabAuth;
  role: Role;
  /** The session token, kept only to re-validate the session (never logged). */
  token: string;
  ip: string;
  /** The client opted in to `saved` acknowledgements (C-ACK-1). */
  wantsAcks: boolean;
  /** The client opted in to `event` invalidations (C-EVENT-1). */
  wantsEvents: boolean;
  /** The client opted in to hearing that its writes are dropped (C-WRITE-6). */
  wantsRefusals?: boolean;
  tuning: CollabTuning;
  logger: Logger;
};

/** What a connection needs from its room. */
export type ConnectionHandler = {
  handleMessage(connection: CollabConnection, message: ClientMessage): void | Promise<void>;
};

let nextConnectionId = 1;

/**
 * One authenticated socket on one entry: identity, role, an inbox that keeps
 * message order while updates are validated, and the close bookkeeping. The
 * room decides what messages mean; the connection only queues and delivers.
 */
export class CollabConnection {
  readonly id = nextConnectionId++;
  readonly ws: WebSocket;
  readonly entryId: string;
  readonly auth: CollabAuth;
  /** The session token, kept only to re-validate the session (never logged). */
  readonly token: string;
  readonly ip: string;
  readonly wantsAcks: boolean;
  readonly wantsEvents: boolean;
  readonly wantsRefusals: boolean;
  readonly identity: AwarenessIdentity;
  private readonly tuning: CollabTuning;
  private readonly logger: Logger;

  // Written only here: the room and the server read them through the getters below.
  private currentRole: Role;
  /** Sync messages (SyncStep2 and Update) received, for `saved` acks. */
  private syncReceived = 0;
  private refusedWriteCount = 0;
  private readOnlyWritesJudged = 0;
  private firstDroppedSeq: number | null = null;
  /** Answered the last ping (C-CLOSE-4). */
  private answeredPing = true;
  private closedState: { byServer: boolean; code: number } | null = null;

  /** Cleared at shutdown: later messages are dropped (unacknowledged, so the client resends them). */
  private reading = true;
  private handler: ConnectionHandler | null = null;
  private readonly inbox: Uint8Array[] = [];
  private inboxBytes = 0;
  /** The awareness frame waiting in the inbox, if any, and the one client id it speaks for. */
  private queuedAwareness: { frame: Uint8Array; clientId: number } | null = null;
  private pumping = false;

  constructor(options: CollabConnectionOptions) {
    this.ws = options.ws;
    this.entryId = options.entryId;
    this.auth = options.auth;
    this.currentRole = options.role;
    this.token = options.token;
    this.ip = options.ip;
    this.wantsAcks = options.wantsAcks;
    this.wantsEvents = options.wantsEvents;
    this.wantsRefusals = options.wantsRefusals ?? false;
    this.tuning = options.tuning;
    this.logger = options.logger;
    const { user, organisation } = options.auth;
    this.identity = {
      id: user.id,
      name: user.name,
      organisationId: organisation.id,
      organisationName: organisation.name,
      color: organisationColourOf(organisation.id),
    };
  }

  get role(): Role {
    return this.currentRole;
  }

  /** C-REVOKE-3: a new role applies at once to what the connection still sends; the socket then closes. */
  changeRole(role: Role): void {
    this.currentRole = role;
    this.close(CloseCode.roleChanged, CloseReason.roleChanged);
  }

  /** Counts a sync message received and returns its sequence number (what a `saved` ack names). */
  nextSyncSeq(): number {
    return ++this.syncReceived;
  }

  /**
   * Notes that write `seq` was dropped (C-WRITE-1) and returns how many this connection has had.
   * The first is said to a client that asked (C-WRITE-6); no ack follows it (C-ACK-3).
   */
  dropWrite(seq: number): number {
    if (++this.refusedWriteCount === 1) {
      this.firstDroppedSeq = seq;
      if (this.wantsRefusals) this.send(encodeWritesDroppedMessage(seq));
    }
    return this.refusedWriteCount;
  }

  get refusedWrites(): number {
    return this.refusedWriteCount;
  }

  /**
   * Counts a write judged for changing nothing although the connection may not write, and says
   * whether it may be (C-WRITE-6: a few per connection, so the judging has a bounded cost).
   */
  judgeReadOnlyWrite(): boolean {
    return this.wantsRefusals && !this.writeRefused && ++this.readOnlyWritesJudged <= READ_ONLY_WRITES_JUDGED_MAX;
  }

  /** A write of this connection was refused. */
  get writeRefused(): boolean {
    return this.refusedWriteCount > 0;
  }

  /**
   * Whether write `seq` may be acknowledged once it is stored (or changed nothing): the client
   * asked, and no earlier write was dropped. Acks count writes from the first (C-ACK-1), so none
   * can follow a dropped one (C-ACK-3); the writes before it are still acknowledged.
   */
  mayAck(seq: number): boolean {
    return this.wantsAcks && (this.firstDroppedSeq === null || seq < this.firstDroppedSeq);
  }

  get closed(): boolean {
    return this.closedState !== null;
  }

  /** The server closed it (refusal, revocation, shutdown): its queued writes are dropped. */
  get closedByServer(): boolean {
    return this.closedState?.byServer ?? false;
  }

  get closeCode(): number | null {
    return this.closedState?.code ?? null;
  }

  /** The socket answered a ping. */
  ponged(): void {
    this.answeredPing = true;
  }

  /**
   * C-CLOSE-4: pings the socket, or terminates it if the previous ping went unanswered.
   * Returns false when it was terminated.
   */
  pingOrTerminate(): boolean {
    if (!this.answeredPing) {
      this.ws.terminate();
      return false;
    }
    this.answeredPing = false;
    try {
      this.ws.ping();
    } catch {
      this.ws.terminate();
    }
    return true;
  }

  get userId(): string {
    return this.auth.user.id;
  }

  /** A frame arrived; queue it (bounded, C-FLOOD-1) and process in order once the room is ready. */
  receive(data: Uint8Array, isBinary: boolean): void {
    if (this.closed || !this.reading) return;
    if (!isBinary) {
      this.close(CloseCode.invalidPayload, CloseReason.invalidSync);
      return;
    }
    this.dropSupersededAwareness(data);
    if (
      this.inbox.length >= this.tuning.connectionQueueMaxMessages ||
      this.inboxBytes + data.length > this.tuning.connectionQueueMaxBytes
    ) {
      this.logger.warn('collab connection flooded its queue', { entryId: this.entryId, userId: this.userId });
      this.close(CloseCode.policyViolation, CloseReason.flood);
      return;
    }
    this.inbox.push(data);
    this.inboxBytes += data.length;
    void this.pump();
  }

  /**
   * A new awareness state of the client id whose previous state still waits in the inbox makes
   * that one moot (C-AW-5 would coalesce it to the latest anyway): it is dropped, so a page that
   * typed on a stalled socket and moved its caret with every key sends a burst that counts only
   * its edits against C-FLOOD-1 (issue 11 item 6). Only single-entry frames that decode are
   * matched; anything else waits in the inbox to be judged by the parser.
   */
  private dropSupersededAwareness(data: Uint8Array): void {
    const clientId = singleAwarenessClientId(data);
    if (clientId === null) return;
    const queued = this.queuedAwareness;
    if (queued && queued.clientId === clientId) {
      const index = this.inbox.lastIndexOf(queued.frame);
      if (index >= 0) {
        this.inbox.splice(index, 1);
        this.inboxBytes -= queued.frame.length;
      }
    }
    this.queuedAwareness = { frame: data, clientId };
  }

  /** Shutdown: stop taking messages; the ones already being processed finish. */
  stopReading(): void {
    this.reading = false;
    this.inbox.length = 0;
    this.inboxBytes = 0;
    this.queuedAwareness = null;
  }

  /** The room is loaded: start delivering queued messages. */
  attach(handler: ConnectionHandler): void {
    this.handler = handler;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping || !this.handler) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && !this.closed) {
        const bytes = this.inbox.shift()!;
        this.inboxBytes -= bytes.length;
        if (this.queuedAwareness?.frame === bytes) this.queuedAwareness = null;
        try {
          const message = parseClientMessage(bytes);
          const pending = this.handler.handleMessage(this, message);
          if (pending) await pending;
        } catch (err) {
          this.refuse(err);
          return;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Closes the connection for a refused message (ProtocolError) or an internal failure. */
  refuse(err: unknown): void {
    if (err instanceof ProtocolError) {
      this.logger.warn('collab message refused', {
        entryId: this.entryId,
        userId: this.userId,
        code: err.code,
        reason: err.message,
      });
      this.close(err.code, err.reason);
    } else {
      this.logger.error('collab message failed', { entryId: this.entryId, userId: this.userId, err });
      this.close(CloseCode.internalError, CloseReason.storage);
    }
  }

  /**
   * Sends a frame; a reader that cannot keep up is dropped (C-FLOOD-3). `written` runs once the
   * frame is handed to the kernel, or at once if it is not sent (closed socket, reader dropped).
   */
  send(bytes: Uint8Array, written?: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) {
      written?.();
      return;
    }
    if (this.ws.bufferedAmount > this.tuning.socketMaxBufferedBytes) {
      this.logger.warn('collab reader too slow; dropped', { entryId: this.entryId, userId: this.userId });
      this.closedState = { byServer: true, code: CloseCode.policyViolation };
      this.ws.terminate();
      written?.();
      return;
    }
    if (written) this.ws.send(bytes, { binary: true }, () => written());
    else this.ws.send(bytes, { binary: true });
  }

  /**
   * Until the matching `uncork`, frames sent here wait and then leave in one write (issue 16):
   * a group commit's relays and ack to one receiver cost one system call, not one `writev` per
   * frame (the largest cost of relaying). Each frame stays a frame of its own: the y-websocket
   * protocol is unchanged. ws keeps its socket in `_socket` and has no public cork: without it,
   * frames go one by one as before. Calls nest.
   */
  cork(): void {
    this.socket()?.cork();
  }

  /** Writes what waited since the matching `cork`. */
  uncork(): void {
    this.socket()?.uncork();
  }

  private socket(): Socket | null {
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    return socket && typeof socket.cork === 'function' ? socket : null;
  }

  /** Starts the closing handshake with a documented code (C-CLOSE rules). Idempotent. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closedState = { byServer: true, code };
    this.inbox.length = 0;
    this.inboxBytes = 0;
    this.queuedAwareness = null;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** The socket is gone (closed by either side). */
  markClosed(code: number): void {
    if (!this.closed) this.closedState = { byServer: false, code };
    this.inbox.length = 0;
    this.inboxBytes = 0;
    this.queuedAwareness = null;
  }
}

/** The client id of an awareness frame holding exactly one entry, or null (another message, several entries, undecodable). */
function singleAwarenessClientId(data: Uint8Array): number | null {
  if (data[0] !== MessageType.awareness) return null;
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder);
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    return decoding.readVarUint(update) === 1 ? decoding.readVarUint(update) : null;
  } catch {
    return null;
  }
}
