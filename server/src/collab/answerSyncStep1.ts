import { CloseCode, CloseReason } from '@jointly/shared';
import type * as Y from 'yjs';
import type { ColdStart } from './ColdStart.ts';
import type { CollabConnection } from './CollabConnection.ts';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncStep2FromUpdate } from './messages.ts';
import { ProtocolError } from './ProtocolError.ts';

export type SyncReplyContext = {
  cold: ColdStart;
  /** The document, loaded on demand. */
  doc(): Y.Doc;
  /** The document as it is (for after the cold start's load, which must not be forced here). */
  ydoc: Y.Doc;
  /**
   * It gets our SyncStep1, so it sends what we lack: it may write, or it asked to hear of refused
   * writes (C-WRITE-6: its answer then tells whether its copy holds anything we lack).
   */
  asksForWrites: boolean;
  /** The room is gone: nothing is sent. */
  gone(): boolean;
};

/**
 * C-SYNC-1, C-SYNC-2: answers a SyncStep1 with SyncStep2 (the caller runs this
 * once the document is durable), then sends writers our SyncStep1. Before the
 * cold start's load, the stored bytes are exactly what the document will hold
 * (nothing is written before the load), so the answer comes from them without
 * waiting for the load (C-ROOM-1).
 */
export function answerSyncStep1(connection: CollabConnection, stateVector: Uint8Array, room: SyncReplyContext): void {
  if (connection.closed || room.gone()) return;
  const stored = room.cold.bytes;
  let reply: Uint8Array;
  try {
    reply = stored ? encodeSyncStep2FromUpdate(stored, stateVector) : encodeSyncStep2(room.doc(), stateVector);
  } catch (err) {
    connection.refuse(
      new ProtocolError(CloseCode.invalidPayload, CloseReason.invalidSync, `state vector: ${String(err)}`),
    );
    return;
  }
  if (!stored) {
    connection.send(reply);
    if (room.asksForWrites) connection.send(encodeSyncStep1(room.doc()));
    return;
  }
  connection.send(reply, () => room.cold.answered(connection));
  if (room.asksForWrites) {
    room.cold.whenLoaded(() => {
      if (!connection.closed && !room.gone()) connection.send(encodeSyncStep1(room.ydoc));
    });
  }
}
