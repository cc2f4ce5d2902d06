import type { ItemCollection } from '@jointly/shared';
import type { Transaction } from 'kysely';
import * as Y from 'yjs';
import type { Database } from '../db/schema.ts';
import type { ItemChange } from './describeTransaction.ts';

/**
 * Durable storage of entry documents (C-PERSIST rules). The log holds only
 * bytes the server's own Y.Doc emitted, never raw client bytes; a snapshot
 * covers the log up to `lastUpdateId`. Implementations must pass the contract
 * in docStore.contract.ts.
 */

/** One stored update of the log. */
export type StoredUpdate = { id: number; data: Uint8Array };

/** Everything needed to rebuild a document: the snapshot plus the later updates, in id order. */
export type StoredDocument = {
  snapshot: Uint8Array | null;
  /** The last update id the snapshot covers (0 without a snapshot). */
  lastUpdateId: number;
  updates: StoredUpdate[];
};

/** A contribution as recorded: who applied an update and what it touched. */
export type ContributionInput = {
  userId: string;
  organisationId: string;
  sections: string[];
  items: ItemChange[];
  createdAt: number;
};

export type Contribution = ContributionInput & { id: number };

/** One group commit: updates, their contributions and newly claimed Yjs client ids, in one transaction. */
export type UpdateBatch = {
  updates: Uint8Array[];
  contributions: ContributionInput[];
  clients: { clientId: number; userId: string }[];
  createdAt: number;
  /**
   * Suggestion marks these updates wrote, with who wrote them (C-SUGGEST-1). Recorded only where
   * the (id, kind) has no author yet: a mark re-using another person's id never becomes theirs.
   */
  suggestions?: SuggestionAuthorInput[];
  /**
   * Every write in it was let through only because it lies in the finalist outline (C-WRITE-5):
   * the store takes it for a submitted entry while the recorded outcome is "finalist", and
   * judges anything else by the entry's status alone (C-SCALE-7).
   */
  outlineOnly?: boolean;
};

/** One suggestion mark and the person whose connection wrote it. */
export type SuggestionAuthorInput = {
  suggestionId: string;
  kind: string;
  sectionId: string;
  userId: string;
  organisationId: string;
  createdAt: number;
  /** Yjs client ids of the text it changes: their owners are notified of a new suggestion. */
  textClientIds?: number[];
};

export type CompactionOptions = {
  /** The live document; its state is merged in (server-emitted bytes only, so merging is safe). */
  current?: Y.Doc;
  /**
   * `current` holds every stored update up to this id and nothing else unstored (a room between
   * batches). If the store holds nothing newer, the snapshot is encoded from `current` alone, without
   * integrating the log into a fresh document (which blocked the event loop for milliseconds on
   * every compaction under load). Otherwise the full merge runs.
   */
  currentHoldsUpTo?: number;
  /** Tests only: runs inside the transaction after the writes, before the commit; throwing rolls back. */
  beforeCommit?: () => void | Promise<void>;
};

export type CompactionResult = {
  /** The last update id the snapshot now covers. */
  lastUpdateId: number;
  /** Updates folded into the snapshot and deleted from the log. */
  compacted: number;
};

/** An item's exhibit number (shown as `E<number>`), assigned by the store (C-PROV-3). */
export type ExhibitLabel = { itemId: string; collection: ItemCollection; number: number; createdAt: number };

/**
 * The items a batch creates, in the order its contributions record them,
 * each once: the store gives each one not yet labelled the entry's next
 * exhibit number, in the same transaction (C-PROV-3).
 */
export function itemsCreatedIn(batch: UpdateBatch): { itemId: string; collection: ItemCollection }[] {
  const seen = new Set<string>();
  const created: { itemId: string; collection: ItemCollection }[] = [];
  for (const contribution of batch.contributions) {
    for (const item of contribution.items) {
      if (item.action !== 'created' || seen.has(item.itemId)) continue;
      seen.add(item.itemId);
      created.push({ itemId: item.itemId, collection: item.collection });
    }
  }
  return created;
}

/** A client id in the batch already belongs to another person (another process won a race). */
export class ClientIdConflictError extends Error {
  constructor(readonly clientIds: number[]) {
    super(`Yjs client ids already used by another person: ${clientIds.join(', ')}`);
    this.name = 'ClientIdConflictError';
  }
}

/**
 * The entry is no longer open for writing (submitted): its batch was not stored. Another process
 * submitted it while this one still had writers (scaled mode, C-SCALE-7).
 */
export class EntryNotWritableError extends Error {
  constructor(readonly status: string) {
    super(`the entry is ${status}; the batch was not stored`);
    this.name = 'EntryNotWritableError';
  }
}

/** One entry's batch in a group commit spanning several entries. */
export type EntryBatch = { entryId: string; batch: UpdateBatch };

/** What other concerns add to a group commit (wired in services.ts, so the store imports none of them). */
export type CollabStoreHooks = {
  /**
   * Runs inside the transaction that stores these batches, after their writes; throwing rolls it back.
   * What it returns runs once the transaction committed (e.g. telling pages about notifications it wrote).
   */
  inCommit?(trx: Transaction<Database>, stored: EntryBatch[]): Promise<(() => void) | undefined>;
  /**
   * Whether inCommit has anything to write for these batches (absent: always). When it says no,
   * the PostgreSQL store may commit them in one call, without a transaction to hand to inCommit
   * (appendInOneCall.ts); inCommit is then not called.
   */
  inCommitNeeded?(stored: EntryBatch[]): boolean;
};

/** What became of one entry's batch in a group commit. */
export type AppendOutcome =
  | {
      ok: true;
      /** The id of the batch's last update (0 when it had none). */
      lastUpdateId: number;
      /**
       * The entry's last update id before this batch (covered by the snapshot or in the log; 0
       * for none), read under the entry's lock: a process relaying the batch (scaled mode) tells
       * receivers what they must already hold, so they detect a missed batch.
       */
      previousUpdateId: number;
    }
  | { ok: false; error: ClientIdConflictError | EntryNotWritableError };

export interface DocStore {
  /** The snapshot and the updates after it, read consistently (one transaction). */
  loadDocument(entryId: string): Promise<StoredDocument>;
  /** Appends a batch atomically; resolves once durable. Throws ClientIdConflictError on a foreign client id. */
  appendUpdates(entryId: string, batch: UpdateBatch): Promise<{ lastUpdateId: number }>;
  /**
   * Group commit: appends several entries' batches in ONE transaction (one
   * fsync for all). A batch claiming a foreign client id, or for an entry
   * whose status is no longer `draft` (stores that know entries; an
   * `outlineOnly` batch also while its finalist stage is open), is left
   * out and reported in its outcome; the others commit. Any other failure
   * rejects all.
   */
  appendBatches(batches: EntryBatch[]): Promise<AppendOutcome[]>;
  /** Folds the log into the snapshot in one transaction; idempotent; a failure leaves the store as it was. */
  compact(entryId: string, options?: CompactionOptions): Promise<CompactionResult>;
  /** The user who first wrote under each of these Yjs client ids (absent ids are unclaimed). */
  ownersOfClientIds(entryId: string, clientIds: number[]): Promise<Map<number, string>>;
  /**
   * The entry's exhibit labels, by number. Labels are assigned inside
   * `appendBatches`: every item a batch's contributions record as `created`
   * that has no label yet gets max+1 for its entry, under the entry's lock
   * (C-PROV-3); a label is never deleted or reused (C-PROV-4).
   */
  listExhibitLabels(entryId: string): Promise<ExhibitLabel[]>;
  /** Every contribution to the entry, oldest first. */
  listContributions(entryId: string): Promise<Contribution[]>;
  /** Updates in the log after the snapshot (compaction trigger on load). */
  countUpdates(entryId: string): Promise<number>;
}

/** Transaction origin of loading: such updates are never stored or relayed again. */
export const LOAD_ORIGIN = Symbol('jointly.load');

/**
 * Applies a stored document to `doc`: the snapshot, then the updates in id
 * order, inside one transaction (C-PERSIST-4). These bytes were emitted by
 * the server's own document, so applying them is safe.
 */
export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument): Y.Doc {
  Y.transact(
    doc,
    () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, LOAD_ORIGIN);
      for (const update of stored.updates) Y.applyUpdate(doc, update.data, LOAD_ORIGIN);
    },
    LOAD_ORIGIN,
  );
  return doc;
}
