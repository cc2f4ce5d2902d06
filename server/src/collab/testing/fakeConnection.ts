import { MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import type { Logger } from '../../logger.ts';
import { type CollabAuth, CollabConnection } from '../CollabConnection.ts';
import { type CollabTuning, DEFAULT_COLLAB_TUNING } from '../collabTuning.ts';

/** A socket that records what it is sent, for room-level tests without a network. */
export class FakeSocket {
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  sent: Uint8Array[] = [];
  closedWith: number | null = null;
  /** Set: write callbacks wait here (a reply still on its way to the kernel) instead of running. */
  heldWrites: (() => void)[] | null = null;
  send(bytes: Uint8Array, _options?: unknown, written?: () => void) {
    this.sent.push(bytes);
    if (!written) return;
    if (this.heldWrites) this.heldWrites.push(written);
    else setImmediate(written);
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate() {
    this.readyState = 3;
  }
  /** Messages of a type, decoded past the type. */
  of(type: number): decoding.Decoder[] {
    return this.sent
      .map((bytes) => decoding.createDecoder(bytes))
      .filter((decoder) => decoding.readVarUint(decoder) === type);
  }
  acks(): number[] {
    return this.of(MessageType.saved).map((d) => decoding.readVarUint(d));
  }
  /** Applies every sync message it received to `doc`. */
  applyTo(doc: Y.Doc) {
    for (const decoder of this.of(MessageType.sync)) {
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
    }
  }
}

let people = 0;

/** A connection of a new person (own organisation) on a fake socket. */
export function fakeConnection(
  entryId: string,
  options: { role?: 'lead' | 'contributor' | 'viewer'; acks?: boolean; logger: Logger; userId?: string },
): { connection: CollabConnection; socket: FakeSocket } {
  const n = people++;
  const id = options.userId ?? `u${n}`;
  const auth: CollabAuth = {
    sessionId: `s${n}`,
    user: { id, email: `${id}@example.nhs.uk`, name: `User ${n}` },
    organisation: { id: `o${n}`, name: `Org ${n}`, kind: 'nhs_trust' },
  };
  const socket = new FakeSocket();
  const tuning: CollabTuning = { ...DEFAULT_COLLAB_TUNING };
  const connection = new CollabConnection({
    ws: socket as unknown as WebSocket,
    entryId,
    auth,
    role: options.role ?? 'contributor',
    token: 'token',
    ip: '127.0.0.1',
    wantsAcks: options.acks ?? false,
    wantsEvents: false,
    tuning,
    logger: options.logger,
  });
  return { connection, socket };
}
