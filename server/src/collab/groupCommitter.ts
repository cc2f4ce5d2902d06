import type { Logger } from '../logger.ts';
import type { AppendOutcome, DocStore, EntryBatch } from './docStore.ts';

/** What a durable batch got: its last update id and the entry's last id before it. */
export type CommitResult = Extract<AppendOutcome, { ok: true }>;

/**
 * Group commit across rooms (C-PERSIST-1): every batch submitted in one
 * event-loop turn, from any entry, is written in ONE transaction, so a
 * durable commit (an fsync with SQLite `synchronous=FULL`) is paid once per
 * turn, not once per room. While a transaction is in flight the next
 * submissions accumulate and go in the following one.
 */
export class GroupCommitter {
  private next: { item: EntryBatch; resolve(result: CommitResult): void; reject(err: unknown): void }[] = [];
  private inFlight = false;
  private scheduled = false;

  constructor(
    private readonly store: DocStore,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the batch is durable; rejects if its transaction failed or it claimed a foreign client id. */
  submit(entryId: string, batch: EntryBatch['batch']): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.next.push({ item: { entryId, batch }, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight || this.scheduled) return;
    this.scheduled = true;
    // After the current turn's room flushes, which run as immediates too.
    setImmediate(() => {
      this.scheduled = false;
      void this.commit();
    });
  }

  private async commit(): Promise<void> {
    if (this.inFlight || this.next.length === 0) return;
    this.inFlight = true;
    const group = this.next;
    this.next = [];
    try {
      const outcomes = await this.store.appendBatches(group.map((g) => g.item));
      group.forEach((g, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) g.resolve(outcome);
        else g.reject(outcome?.error ?? new Error('no outcome for batch'));
      });
    } catch (err) {
      this.logger.error('collab group commit failed', { entries: group.length, err });
      for (const g of group) g.reject(err);
    } finally {
      this.inFlight = false;
      if (this.next.length > 0) this.schedule();
    }
  }
}
