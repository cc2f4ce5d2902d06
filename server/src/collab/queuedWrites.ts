import type { ClientRange, UpdateSummary } from './admission/updateSummary.ts';
import type { CollabConnection } from './CollabConnection.ts';

/** A client update that passed validation, waiting for the next group commit. */
export type QueuedUpdate = {
  connection: CollabConnection;
  update: Uint8Array;
  summary: UpdateSummary;
  clients: ClientRange[];
  /** Its sequence number on its connection, for the `saved` ack (C-ACK-1). */
  seq: number;
  /** A worker applied it to a copy of the document in little time (C-SCHEMA-4). */
  measured: boolean;
};

/** A write that changes nothing from a connection that may not write: only its ack is owed (C-WRITE-6). */
export type QueuedAck = { connection: CollabConnection; seq: number; ackOnly: true };
