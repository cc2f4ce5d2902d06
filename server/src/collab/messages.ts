import { CloseCode, CloseReason, type EntryEvent, MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ProtocolError } from './ProtocolError.ts';

/**
 * The wire format of the collaboration socket: y-websocket's messages
 * (y-protocols sync and awareness) plus Jointly's `saved` acknowledgement and `event` invalidation.
 *
 * Client messages are parsed here, strictly, before anything touches a
 * document: we read the envelope with lib0 ourselves instead of calling
 * `syncProtocol.readSyncMessage`, because that applies an update on the spot
 * (before it is validated off the main thread) and, without an error handler,
 * swallows decode errors. Every malformed message becomes a ProtocolError.
 */
export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

const malformed = (reason: string, detail: string) => new ProtocolError(CloseCode.invalidPayload, reason, detail);

function readPayload(decoder: decoding.Decoder, reason: string): Uint8Array {
  let payload: Uint8Array;
  try {
    payload = decoding.readVarUint8Array(decoder);
  } catch (err) {
    throw malformed(reason, (err as Error).message);
  }
  if (decoding.hasContent(decoder)) throw malformed(reason, 'trailing bytes');
  return payload;
}

/** Parses one binary frame from a client (C-MSG-1 … C-MSG-4). */
export function parseClientMessage(bytes: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(bytes);
  let type: number;
  try {
    type = decoding.readVarUint(decoder);
  } catch (err) {
    throw malformed(CloseReason.invalidSync, (err as Error).message);
  }
  switch (type) {
    case MessageType.sync: {
      let step: number;
      try {
        step = decoding.readVarUint(decoder);
      } catch (err) {
        throw malformed(CloseReason.invalidSync, (err as Error).message);
      }
      if (
        step !== syncProtocol.messageYjsSyncStep1 &&
        step !== syncProtocol.messageYjsSyncStep2 &&
        step !== syncProtocol.messageYjsUpdate
      ) {
        // y-protocols' readSyncMessage throws 'Unknown message type' here; we refuse it the same way.
        throw new ProtocolError(CloseCode.policyViolation, CloseReason.unknownMessage, `sync step ${step}`);
      }
      const payload = readPayload(decoder, CloseReason.invalidSync);
      if (step === syncProtocol.messageYjsSyncStep1) {
        try {
          Y.decodeStateVector(payload);
        } catch (err) {
          throw malformed(CloseReason.invalidSync, `state vector: ${(err as Error).message}`);
        }
        return { kind: 'syncStep1', stateVector: payload };
      }
      return { kind: step === syncProtocol.messageYjsSyncStep2 ? 'syncStep2' : 'update', update: payload };
    }
    case MessageType.awareness:
      return { kind: 'awareness', update: readPayload(decoder, CloseReason.invalidAwareness) };
    case MessageType.queryAwareness:
      if (decoding.hasContent(decoder)) throw malformed(CloseReason.invalidSync, 'trailing bytes');
      return { kind: 'queryAwareness' };
    default:
      // Includes `auth` (2) and `saved` (100): only the server sends those.
      throw new ProtocolError(CloseCode.policyViolation, CloseReason.unknownMessage, `type ${type}`);
  }
}

/** `[sync, SyncStep1, stateVector(doc)]`: asks the client for what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** `[sync, SyncStep2, diff]`: everything the client lacks given its state vector. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Bytes of an empty state vector (no clients): a client that holds nothing. */
const EMPTY_STATE_VECTOR_LENGTH = 1;

/**
 * `[sync, SyncStep2, diff]` computed from a whole document encoded as one update, without
 * loading it into a Y.Doc: to a client that holds nothing, the update itself.
 */
export function encodeSyncStep2FromUpdate(update: Uint8Array, stateVector: Uint8Array): Uint8Array {
  const diff =
    stateVector.length === EMPTY_STATE_VECTOR_LENGTH && stateVector[0] === 0
      ? update
      : Y.diffUpdate(update, stateVector);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, diff);
  return encoding.toUint8Array(encoder);
}

/** `[sync, Update, update]`: a stored update relayed to the other connections. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** `[awareness, update]` for the given client ids of `awareness`. */
export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds));
  return encoding.toUint8Array(encoder);
}

/** `[saved, n]`: the first n sync messages of this connection are durable (C-ACK-1). */
export function encodeSavedMessage(count: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.saved);
  encoding.writeVarUint(encoder, count);
  return encoding.toUint8Array(encoder);
}

/** `[writesDropped, n]`: the connection's n-th sync message and every later one are dropped (C-WRITE-6). */
export function encodeWritesDroppedMessage(seq: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.writesDropped);
  encoding.writeVarUint(encoder, seq);
  return encoding.toUint8Array(encoder);
}

/** `[event, json]`: something on the entry changed; only kind and section travel (C-EVENT-3). */
export function encodeEventMessage(event: EntryEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.event);
  const payload: EntryEvent = event.sectionId ? { kind: event.kind, sectionId: event.sectionId } : { kind: event.kind };
  encoding.writeVarString(encoder, JSON.stringify(payload));
  return encoding.toUint8Array(encoder);
}
