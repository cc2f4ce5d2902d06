import type * as Y from 'yjs';
import type { CollabConnection } from './CollabConnection.ts';
import { describeTransaction } from './describeTransaction.ts';
import type { ContributionInput, SuggestionAuthorInput, UpdateBatch } from './docStore.ts';
import { encodeSavedMessage, encodeUpdateMessage } from './messages.ts';
import { suggestionMarksWritten } from './suggestionMarksWritten.ts';

/** Who a write is attributed to. */
export type WriteActor = { userId: string; organisationId: string };

/** An update the server document emitted, waiting for its commit before it is relayed. */
type EmittedUpdate = { data: Uint8Array; origin: CollabConnection | null; relayToOrigin: boolean };

/**
 * What one group-commit turn writes, and what it owes once durable: the
 * updates the server document emitted with their provenance, the client ids
 * first written under, and the `saved` acks (C-PERSIST-1, C-ACK-1). Nothing in
 * it reaches anyone before `deliver`, which runs after the commit (C-PERSIST-2).
 */
export class PendingBatch {
  private readonly updates: EmittedUpdate[] = [];
  private readonly contributions: ContributionInput[] = [];
  private readonly suggestions: SuggestionAuthorInput[] = [];
  readonly clients: { clientId: number; userId: string }[] = [];
  private readonly acks = new Map<CollabConnection, number>();
  /** Something in it was not let through as outline-only (C-WRITE-5): the store judges it as any write. */
  private general = false;

  /** No update to write (claims alone are written too; see `needsCommit`). */
  get empty(): boolean {
    return this.updates.length === 0;
  }

  get needsCommit(): boolean {
    return this.updates.length > 0 || this.clients.length > 0;
  }

  get updateCount(): number {
    return this.updates.length;
  }

  /**
   * An update a client's write made the document emit, attributed by the server from what the
   * transaction changed. `relayToOrigin`: the sender lacks it too (it released structs it had sent
   * before that were waiting).
   */
  addClientUpdate(
    data: Uint8Array,
    connection: CollabConnection,
    relayToOrigin: boolean,
    doc: Y.Doc,
    transaction: Y.Transaction,
  ): void {
    this.updates.push({ data, origin: connection, relayToOrigin });
    this.attribute({ userId: connection.userId, organisationId: connection.auth.organisation.id }, doc, transaction);
  }

  /**
   * An update the server wrote on a person's behalf (C-SUGGEST-5): attributed to them exactly as
   * their own write would be, and sent to every connection here, theirs included.
   */
  addActorUpdate(data: Uint8Array, actor: WriteActor, doc: Y.Doc, transaction: Y.Transaction): void {
    this.general = true;
    this.updates.push({ data, origin: null, relayToOrigin: true });
    this.attribute(actor, doc, transaction);
  }

  private attribute(actor: WriteActor, doc: Y.Doc, transaction: Y.Transaction): void {
    const footprint = describeTransaction(doc, transaction);
    this.contributions.push({
      ...actor,
      sections: footprint.sections,
      items: footprint.items,
      createdAt: Date.now(),
    });
    // Suggestion marks are attributed like items: to the writer, whose client ids the server bound.
    for (const mark of suggestionMarksWritten(doc, transaction)) {
      this.suggestions.push({ ...mark, ...actor, createdAt: Date.now() });
    }
  }

  /** An update with no sender here (released by relayed bytes, or made by the server): stored and sent to all. */
  addUnattributedUpdate(data: Uint8Array): void {
    this.general = true;
    this.updates.push({ data, origin: null, relayToOrigin: true });
  }

  /** A client write admitted under the whole document's rules, not the finalist outline's alone. */
  markGeneral(): void {
    this.general = true;
  }

  claim(clientId: number, userId: string): void {
    this.clients.push({ clientId, userId });
  }

  /** The connection's sync message `seq` is acknowledged once this batch is durable. */
  ack(connection: CollabConnection, seq: number): void {
    this.acks.set(connection, seq);
  }

  toUpdateBatch(createdAt: number): UpdateBatch {
    return {
      updates: this.updateData(),
      contributions: this.contributions,
      clients: this.clients,
      createdAt,
      suggestions: this.suggestions,
      ...(this.general ? {} : { outlineOnly: true }),
    };
  }

  updateData(): Uint8Array[] {
    return this.updates.map((u) => u.data);
  }

  /** Durable: relay each update to everyone here but its sender (C-PERSIST-2), then acknowledge (C-ACK-1). */
  deliver(connections: ReadonlySet<CollabConnection>): void {
    // Each update encoded once for everyone; all a receiver gets from this batch, its ack
    // included, leaves in one socket write (CollabConnection.cork).
    for (const c of connections) c.cork();
    try {
      for (const emitted of this.updates) {
        const message = encodeUpdateMessage(emitted.data);
        for (const c of connections) {
          if (c !== emitted.origin || emitted.relayToOrigin) c.send(message);
        }
      }
      for (const [connection, seq] of this.acks) connection.send(encodeSavedMessage(seq));
    } finally {
      for (const c of connections) c.uncork();
    }
  }
}
