import { CloseCode, CloseReason } from '@jointly/shared';
import {
  PARTIAL_MESSAGE_CLOSE_LINGER_MS,
  PARTIAL_MESSAGE_PROCESS_BUDGET_MESSAGES,
  PARTIAL_MESSAGE_USER_BUDGET_MESSAGES,
} from '../config.ts';
import type { Logger } from '../logger.ts';

/**
 * Bounds what incomplete WebSocket messages may hold (RELIABILITY A2; issue
 * #10 finding 13).
 *
 * `ws` keeps the fragments of a message (FIN=0 frames) and the payload of a
 * frame still arriving until the message is complete, up to `maxPayload`,
 * for as long as the socket lives; a client that answers pings can hold that
 * memory for ever (20 sockets of one account held 145 MiB). `ws` has no
 * public hook for it, and its receiver's fields are private, so we read the
 * same bytes it reads: each socket's `data` events go through a small RFC 6455
 * frame-header parser that skips payloads (O(frames), not O(bytes)) and knows
 * at every moment how many payload bytes of an unfinished data message the
 * socket has delivered. With that:
 *
 * - a message still incomplete PARTIAL_MESSAGE_MAX_MS after its first frame
 *   closes its socket with 1008 (y-websocket sends every message whole, with
 *   one `send`, so only a stalled or hostile client takes that long);
 * - the incomplete bytes of one person's sockets, and of the whole process,
 *   are capped: the socket whose message crosses a cap closes with 1008.
 *
 * Control frames (ping, pong, close) may come between fragments and never
 * count. An invalid frame is `ws`'s to refuse (it closes the socket); what
 * we count then no longer matters, and the socket's close releases it.
 */

const FIN = 0x80;
const MASKED = 0x80;
const CONTROL = 0x08;

/** One socket's view of the frames it receives. */
export class FrameTracker {
  /** Payload bytes received of the data message not yet complete (0 when none is open). */
  heldBytes = 0;
  /** When the open data message's first frame header arrived (null when none is open). */
  openSince: number | null = null;

  private header = Buffer.alloc(14);
  private headerLength = 0;
  /** Payload bytes still to skip in the current frame. */
  private remaining = 0;
  private inData = false;
  private finalFrame = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** Feeds bytes as read from the socket; returns how many payload bytes of an open message they added. */
  feed(chunk: Buffer): number {
    const before = this.heldBytes;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= take;
        offset += take;
        if (this.inData) this.heldBytes += take;
        if (this.remaining === 0) this.frameDone();
        continue;
      }
      offset = this.readHeader(chunk, offset);
    }
    return this.heldBytes - before;
  }

  /** Copies header bytes until a whole header is known; returns the new offset. */
  private readHeader(chunk: Buffer, offset: number): number {
    let at = offset;
    while (at < chunk.length) {
      this.header[this.headerLength++] = chunk[at++]!;
      const need = this.headerSize();
      if (need !== null && this.headerLength === need) {
        this.startFrame();
        return at;
      }
    }
    return at;
  }

  /** Bytes of the current header, once its first two bytes say so. */
  private headerSize(): number | null {
    if (this.headerLength < 2) return null;
    const b1 = this.header[1]!;
    const len7 = b1 & 0x7f;
    const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    return 2 + extended + (b1 & MASKED ? 4 : 0);
  }

  private startFrame(): void {
    const b0 = this.header[0]!;
    const b1 = this.header[1]!;
    const len7 = b1 & 0x7f;
    const length =
      len7 === 126
        ? this.header.readUInt16BE(2)
        : len7 === 127
          ? this.header.readUInt32BE(2) * 2 ** 32 + this.header.readUInt32BE(6)
          : len7;
    this.headerLength = 0;
    const opcode = b0 & 0x0f;
    this.inData = (opcode & CONTROL) === 0;
    this.finalFrame = (b0 & FIN) !== 0;
    if (this.inData && this.openSince === null) this.openSince = this.now();
    this.remaining = length;
    if (length === 0) this.frameDone();
  }

  private frameDone(): void {
    if (this.inData && this.finalFrame) {
      this.heldBytes = 0;
      this.openSince = null;
    }
    this.inData = false;
  }
}

export type PartialMessageLimits = {
  /** An incomplete message older than this closes its socket. */
  maxMs: number;
  /** Incomplete bytes one person's sockets may hold together. */
  maxBytesPerUser: number;
  /** Incomplete bytes every socket of this process may hold together. */
  maxBytesPerProcess: number;
};

export type PartialMessageVerdict = 'tooSlow' | 'tooManyBytes';

/** A socket being watched: close it when the guard says so. */
export type WatchedSocket = {
  readonly userId: string;
  close(verdict: PartialMessageVerdict): void;
};

/**
 * The process-wide accounting: per-person and per-process held bytes, and the
 * sockets with a message open (only those are looked at by the timer).
 */
export class PartialMessageGuard {
  private readonly open = new Map<WatchedSocket, FrameTracker>();
  private readonly counted = new Map<WatchedSocket, number>();
  private readonly perUser = new Map<string, number>();
  /** Closed by the guard but not yet gone: what they still send is not counted again. */
  private readonly refused = new Set<WatchedSocket>();
  private total = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly limits: PartialMessageLimits,
    private readonly now: () => number = Date.now,
  ) {
    // Checking a few times per bound keeps the overshoot to a fraction of it.
    this.timer = setInterval(() => this.expire(), Math.max(50, Math.floor(limits.maxMs / 4)));
    this.timer.unref();
  }

  /** Starts watching a socket's incoming bytes; returns the listener to give its `data` event. */
  watch(socket: WatchedSocket): (chunk: Buffer) => void {
    const tracker = new FrameTracker(this.now);
    return (chunk) => {
      if (this.refused.has(socket)) return;
      tracker.feed(chunk);
      this.account(socket, tracker);
    };
  }

  /** The socket is gone: what it held is released. */
  forget(socket: WatchedSocket): void {
    this.refused.delete(socket);
    this.release(socket);
  }

  /** Incomplete bytes held now, in all and for one person (tests and metrics). */
  heldBytes(userId?: string): number {
    return userId === undefined ? this.total : (this.perUser.get(userId) ?? 0);
  }

  /** Sockets with an incomplete message now. */
  openCount(): number {
    return this.open.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private account(socket: WatchedSocket, tracker: FrameTracker): void {
    if (tracker.openSince === null) this.open.delete(socket);
    else this.open.set(socket, tracker);
    this.setCounted(socket, tracker.heldBytes);
    if (tracker.heldBytes === 0) return;
    const user = this.perUser.get(socket.userId) ?? 0;
    if (user > this.limits.maxBytesPerUser || this.total > this.limits.maxBytesPerProcess) {
      this.refuse(socket, 'tooManyBytes');
    }
  }

  private setCounted(socket: WatchedSocket, bytes: number): void {
    const before = this.counted.get(socket) ?? 0;
    if (bytes === before) return;
    if (bytes === 0) this.counted.delete(socket);
    else this.counted.set(socket, bytes);
    const user = (this.perUser.get(socket.userId) ?? 0) + bytes - before;
    if (user === 0) this.perUser.delete(socket.userId);
    else this.perUser.set(socket.userId, user);
    this.total += bytes - before;
  }

  private expire(): void {
    const oldest = this.now() - this.limits.maxMs;
    for (const [socket, tracker] of this.open) {
      if (tracker.openSince !== null && tracker.openSince <= oldest) this.refuse(socket, 'tooSlow');
    }
  }

  /** Releases the socket's bytes at once (it is being closed) and closes it. */
  private refuse(socket: WatchedSocket, verdict: PartialMessageVerdict): void {
    this.refused.add(socket);
    this.release(socket);
    socket.close(verdict);
  }

  private release(socket: WatchedSocket): void {
    this.open.delete(socket);
    this.setCounted(socket, 0);
  }
}

/** The guard with the configured budgets, in messages of the socket's size limit (config.ts). */
export function partialMessageGuardFor(maxMs: number, maxMessageBytes: number): PartialMessageGuard {
  return new PartialMessageGuard({
    maxMs,
    maxBytesPerUser: PARTIAL_MESSAGE_USER_BUDGET_MESSAGES * maxMessageBytes,
    maxBytesPerProcess: PARTIAL_MESSAGE_PROCESS_BUDGET_MESSAGES * maxMessageBytes,
  });
}

/** What guardSocket needs of a collaboration connection (CollabConnection satisfies it). */
type GuardedConnection = {
  readonly userId: string;
  readonly entryId: string;
  readonly ws: { terminate(): void };
  close(code: number, reason: string): void;
};

/**
 * Watches a collaboration socket's incoming bytes from the moment it becomes a WebSocket (call
 * it in `handleUpgrade`'s callback, before any data flows) and returns what to call when it
 * closes. A refused socket gets its close frame, then is dropped after `lingerMs` whether or not
 * it answers: waiting for a hostile client's closing handshake would keep its fragments.
 */
export function guardSocket(
  guard: PartialMessageGuard,
  socket: { on(event: 'data', listener: (chunk: Buffer) => void): unknown; pause(): unknown },
  connection: GuardedConnection,
  logger: Logger,
  lingerMs = PARTIAL_MESSAGE_CLOSE_LINGER_MS,
): () => void {
  const watched: WatchedSocket = {
    userId: connection.userId,
    close(verdict) {
      logger.warn('collab socket held an incomplete message; closed', {
        entryId: connection.entryId,
        userId: connection.userId,
        verdict,
      });
      const reason = verdict === 'tooSlow' ? CloseReason.incompleteMessage : CloseReason.incompleteBytes;
      connection.close(CloseCode.policyViolation, reason);
      // Stop reading at once: `ws` would otherwise keep buffering what the client still sends
      // until the socket is dropped (it only resumes a socket it paused itself, on its drain).
      socket.pause();
      setTimeout(() => connection.ws.terminate(), lingerMs).unref();
    },
  };
  socket.on('data', guard.watch(watched));
  return () => guard.forget(watched);
}
