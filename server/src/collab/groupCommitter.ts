import { COMMIT_BUSY_RETRY_DELAYS_MS } from '../config.ts';
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
      const outcomes = await this.appendWithRetry(group.map((g) => g.item));
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

  /**
   * A transaction refused because the database is momentarily busy (SQLite's
   * WAL checkpoint truncating, a PostgreSQL serialization conflict) rolled back
   * whole, so running it again is safe; failing the rooms instead would close
   * every socket in them (seen under the benchmark's load).
   */
  private async appendWithRetry(items: EntryBatch[]): Promise<AppendOutcome[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store.appendBatches(items);
      } catch (err) {
        const delay = COMMIT_BUSY_RETRY_DELAYS_MS[attempt];
        if (!isTransientBusy(err) || delay === undefined) throw err;
        this.logger.warn('collab group commit busy; retrying', { attempt: attempt + 1, delayMs: delay });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/** SQLITE_BUSY and its extended codes; PostgreSQL serialization failure and deadlock. */
export function isTransientBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === '40001' || code === '40P01');
}
