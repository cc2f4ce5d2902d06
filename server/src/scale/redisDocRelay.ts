import { unreachable } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DocRelay, RelayedUpdates, RelayHandler, RelayMembership } from '../collab/docRelay.ts';
import { RELAY_BUFFER_MAX_MESSAGES } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RedisLink } from './redisLink.ts';

/**
 * The document relay of scaled mode (C-SCALE rules) over Redis pub/sub: one
 * channel per entry, `<prefix>doc:<entryId>`, carrying binary messages
 *
 *   kind (varuint) · process id (varstring) · body
 *   0 updates:   previous update id · last update id · count · update bytes…
 *   1 awareness: awareness update bytes
 *   2 head:      last update id the sender's document holds
 *
 * Only server-emitted, durable bytes are published; a process ignores its own messages.
 */
const KIND_UPDATES = 0;
const KIND_AWARENESS = 1;
const KIND_HEAD = 2;

export type RelayMessage =
  | { kind: 'updates'; origin: string; message: RelayedUpdates }
  | { kind: 'awareness'; origin: string; update: Uint8Array }
  | { kind: 'head'; origin: string; lastUpdateId: number };

export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (message.kind) {
    case 'updates':
      encoding.writeVarUint(encoder, KIND_UPDATES);
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarUint(encoder, message.message.previousUpdateId);
      encoding.writeVarUint(encoder, message.message.lastUpdateId);
      encoding.writeVarUint(encoder, message.message.updates.length);
      for (const update of message.message.updates) encoding.writeVarUint8Array(encoder, update);
      break;
    case 'awareness':
      encoding.writeVarUint(encoder, KIND_AWARENESS);
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'head':
      encoding.writeVarUint(encoder, KIND_HEAD);
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarUint(encoder, message.lastUpdateId);
      break;
    default:
      unreachable(message, 'relay message');
  }
  return encoding.toUint8Array(encoder);
}

export function decodeRelayMessage(bytes: Uint8Array): RelayMessage {
  const decoder = decoding.createDecoder(bytes);
  const kind = decoding.readVarUint(decoder);
  const origin = decoding.readVarString(decoder);
  let message: RelayMessage;
  if (kind === KIND_UPDATES) {
    const previousUpdateId = decoding.readVarUint(decoder);
    const lastUpdateId = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    const updates: Uint8Array[] = [];
    for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
    message = { kind: 'updates', origin, message: { previousUpdateId, lastUpdateId, updates } };
  } else if (kind === KIND_AWARENESS) {
    message = { kind: 'awareness', origin, update: decoding.readVarUint8Array(decoder) };
  } else if (kind === KIND_HEAD) {
    message = { kind: 'head', origin, lastUpdateId: decoding.readVarUint(decoder) };
  } else {
    throw new Error(`unknown relay message kind ${kind}`);
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes in relay message');
  return message;
}

export const docChannel = (prefix: string, entryId: string) => `${prefix}doc:${entryId}`;

export function createRedisDocRelay(link: RedisLink, logger: Logger): DocRelay {
  return {
    enabled: true,
    onReconnect: (listener) => link.onReconnect(listener),
    async join(entryId: string): Promise<RelayMembership> {
      const channel = docChannel(link.prefix, entryId);
      let handler: RelayHandler | null = null;
      let left = false;
      const buffered: RelayMessage[] = [];
      let overflowed = false;
      const deliver = (message: RelayMessage, to: RelayHandler) => {
        if (message.kind === 'updates') to.onRemoteUpdates(message.message);
        else if (message.kind === 'awareness') to.onRemoteAwareness(message.update);
        else to.onRemoteHead(message.lastUpdateId);
      };
      const off = await link.subscribe(channel, (payload) => {
        if (left) return;
        let message: RelayMessage;
        try {
          message = decodeRelayMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
        } catch (err) {
          logger.warn('relay message dropped: undecodable', { entryId, err: String(err) });
          return;
        }
        if (message.origin === link.processId) return;
        if (handler) deliver(message, handler);
        else if (buffered.length < RELAY_BUFFER_MAX_MESSAGES) buffered.push(message);
        else overflowed = true; // the room re-reads the store when it attaches
      });
      const publish = (message: RelayMessage) => {
        if (!left) link.publish(channel, Buffer.from(encodeRelayMessage(message)));
      };
      return {
        attach(next) {
          if (left) return;
          handler = next;
          for (const message of buffered.splice(0)) deliver(message, next);
          if (overflowed) next.onRemoteHead(Number.MAX_SAFE_INTEGER);
        },
        publishUpdates: (message) => publish({ kind: 'updates', origin: link.processId, message }),
        publishAwareness: (update) => publish({ kind: 'awareness', origin: link.processId, update }),
        publishHead: (lastUpdateId) => publish({ kind: 'head', origin: link.processId, lastUpdateId }),
        leave() {
          if (left) return;
          left = true;
          handler = null;
          buffered.length = 0;
          off();
        },
      };
    },
  };
}
