import { CloseCode, CloseReason, FINALIST_OUTLINE } from '@jointly/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { admitUpdate } from './admission/admitUpdate.ts';
import { changesNothing } from './admission/changesNothing.ts';
import type { ClientRange, UpdateSummary } from './admission/updateSummary.ts';
import type { CollabConnection } from './CollabConnection.ts';
import type { CollabTuning } from './collabTuning.ts';
import type { DocStore } from './docStore.ts';
import type { WriteScope } from './mayWrite.ts';
import { ProtocolError } from './ProtocolError.ts';
import type { UpdateValidator } from './updateValidator.ts';

export type WriteGateDeps = {
  entryId: string;
  logger: Logger;
  tuning: Pick<CollabTuning, 'admission' | 'trialApplyMaxMs'>;
  validator: UpdateValidator;
  store: Pick<DocStore, 'ownersOfClientIds'>;
  /** The entry's sections and word limits; null: any well-formed section id (tests). */
  sections: ReadonlyMap<string, number | null> | null;
  /** The person whose presence holds a client id (C-SYNC-9). */
  announcedBy(clientId: number): string | undefined;
  /** Reading the client ids' owners failed: the room closes (C-PERSIST-3). */
  storageFailed(err: unknown): void;
};

/** A write decoded, summarised and, if needed, measured: ready to queue for the next group commit. */
export type PreparedWrite = { summary: UpdateSummary; clients: ClientRange[]; measured: boolean };

/**
 * A write the gate let through: the client ids it claims for its sender, and whether it was let
 * through only because every change lies in the finalist outline (C-WRITE-5: the store then takes
 * it for a submitted entry, and nothing else).
 */
export type Admitted = { claims: number[]; outlineOnly: boolean };

/**
 * What a client write must pass before the room applies it (C-SCHEMA-*,
 * C-SYNC-5, C-SYNC-9): the document schema and cost bounds, judged against
 * the document as it is at that moment, and the ownership of the Yjs client
 * ids it writes under. Keeps the cache of who first wrote under each id.
 * A refusal closes the sender's socket with its documented code and logs why.
 */
export class WriteGate {
  /** Which person first wrote under each Yjs client id (cache of doc_clients plus this room's claims). */
  private readonly clientOwners = new Map<number, string>();

  constructor(private readonly deps: WriteGateDeps) {}

  /** The person who first wrote under a client id, if known here. */
  writerOf(clientId: number): string | undefined {
    return this.clientOwners.get(clientId);
  }

  /**
   * A Yjs client id for a server write on `userId`'s behalf (C-SUGGEST-5): one the document, the
   * owners known here and everyone's presence do not hold, claimed for them here at once.
   */
  freshClientFor(doc: Y.Doc, userId: string): number {
    for (;;) {
      const clientId = Math.floor(Math.random() * 0x1_0000_0000);
      if (doc.store.clients.has(clientId) || this.clientOwners.has(clientId)) continue;
      if (this.deps.announcedBy(clientId) !== undefined) continue;
      this.clientOwners.set(clientId, userId);
      return clientId;
    }
  }

  /**
   * C-SYNC-3 … C-SYNC-6: decodes and summarises an update off the main thread, fetches the owners of
   * the client ids it writes under, and measures it if its cost has no bound (C-SCHEMA-4). Throws a
   * ProtocolError for an undecodable or too slow update; null when it is not to be queued (refused,
   * or its connection or room went away meanwhile, which `gone` tells).
   */
  async prepare(
    doc: () => Y.Doc,
    connection: CollabConnection,
    update: Uint8Array,
    gone: () => boolean,
  ): Promise<PreparedWrite | null> {
    const result = await this.deps.validator.validate(update);
    if (gone()) return null;
    if (!result.ok) {
      if (result.failure === 'invalid') {
        throw new ProtocolError(CloseCode.invalidPayload, CloseReason.invalidUpdate, result.message);
      }
      if (result.failure === 'closed') return null;
      throw new ProtocolError(CloseCode.processingTimeout, CloseReason.timeout, result.message);
    }
    try {
      await this.prefetchOwners(doc(), result.clients);
    } catch (err) {
      this.deps.storageFailed(err);
      return null;
    }
    if (gone()) return null;
    const measured = await this.measureIfUnbounded(doc(), connection, update, result.summary);
    if (measured === 'refused' || gone()) return null;
    return { summary: result.summary, clients: result.clients, measured };
  }

  /**
   * C-WRITE-6: whether a write from a connection that may not write would leave the document as
   * it is. Decoded as any write is (bounded); an update that does not decode counts as a change.
   */
  async changesNothing(doc: () => Y.Doc, update: Uint8Array): Promise<boolean> {
    const result = await this.deps.validator.validate(update);
    return result.ok && changesNothing(doc(), result.summary);
  }

  /** Fetches the owners of the client ids an update writes new structs under, before it is applied. */
  private async prefetchOwners(doc: Y.Doc, clients: readonly ClientRange[]): Promise<void> {
    const unknown = clients
      .filter((range) => range.end > Y.getState(doc.store, range.client))
      .map((range) => range.client)
      .filter((client) => !this.clientOwners.has(client));
    if (unknown.length === 0) return;
    const owners = await this.deps.store.ownersOfClientIds(this.deps.entryId, unknown);
    for (const [client, userId] of owners) if (!this.clientOwners.has(client)) this.clientOwners.set(client, userId);
  }

  /**
   * C-SCHEMA-4: an update whose walks among its own items no bound keeps small (many items sharing
   * one origin) is applied first to a copy of the document in a worker, and refused if that took
   * longer than `trialApplyMaxMs`. An editor's updates are chains and never need it. True when it
   * was measured and may be applied; false when no measurement was needed.
   */
  private async measureIfUnbounded(
    doc: Y.Doc,
    connection: CollabConnection,
    update: Uint8Array,
    summary: UpdateSummary,
  ): Promise<boolean | 'refused'> {
    if (summary.structs.length < 2) return false;
    const { admission } = this.deps.tuning;
    const judged = admitUpdate({
      doc,
      summary,
      sections: this.deps.sections,
      limits: admission,
      inUpdateMeasured: true,
    });
    // A refusal for another reason is made, and logged, when the update's turn to be applied comes.
    if (!judged.ok || judged.inUpdateSteps <= admission.inUpdateScanStepsMax) return false;
    const trial = await this.deps.validator.trial(Y.encodeStateAsUpdate(doc), update);
    if (connection.closed) return 'refused';
    if (trial.ok && !trial.pending && trial.applyMs <= this.deps.tuning.trialApplyMaxMs) return true;
    this.refuse(
      connection,
      'C-SCHEMA-4',
      trial.ok ? `applying it took ${Math.round(trial.applyMs)} ms in a worker` : trial.message,
    );
    return 'refused';
  }

  /**
   * Judges a validated write against the document now (C-SCHEMA-*) and the owners of the client
   * ids it writes new structs under (C-SYNC-5, C-SYNC-9). Null when refused (the socket is closed);
   * 'notWritable' when it changes something outside `may` (C-WRITE-1, C-WRITE-5: refused as
   * every write to a read-only document is, the socket kept).
   */
  admit(
    doc: Y.Doc,
    connection: CollabConnection,
    write: { summary: UpdateSummary; clients: readonly ClientRange[]; measured: boolean },
    may: WriteScope = { entry: true, outline: true },
  ): Admitted | 'notWritable' | null {
    const admission = admitUpdate({
      doc,
      summary: write.summary,
      sections: this.deps.sections,
      limits: this.deps.tuning.admission,
      inUpdateMeasured: write.measured,
    });
    if (!admission.ok) {
      this.refuse(connection, admission.rule, admission.message);
      return null;
    }
    for (const root of admission.roots) {
      if (!(root === FINALIST_OUTLINE ? may.outline : may.entry)) return 'notWritable';
    }
    const claims: number[] = [];
    for (const range of write.clients) {
      if (range.end <= Y.getState(doc.store, range.client)) continue; // nothing new under it
      const owner = this.clientOwners.get(range.client) ?? this.deps.announcedBy(range.client);
      if (owner !== undefined && owner !== connection.userId) {
        this.deps.logger.warn('collab forged client id refused', {
          entryId: this.deps.entryId,
          userId: connection.userId,
          clientId: range.client,
        });
        connection.close(CloseCode.forgedClientId, CloseReason.forgedClientId);
        return null;
      }
      if (!this.clientOwners.has(range.client)) claims.push(range.client);
    }
    for (const client of claims) this.clientOwners.set(client, connection.userId);
    return { claims, outlineOnly: !may.entry };
  }

  private refuse(connection: CollabConnection, rule: string, reason: string): void {
    this.deps.logger.warn('collab update refused', {
      entryId: this.deps.entryId,
      userId: connection.userId,
      rule,
      reason,
    });
    connection.close(CloseCode.updateRefused, CloseReason.updateRefused);
  }
}
