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
 *
 * On PostgreSQL up to `maxInFlight` transactions run at once: a room has one batch in flight at a
 * time, so they hold different entries, and a batch need not wait for an unrelated commit.
 *
 * Rooms flush through `runInNextTurn`, so their flushes and the commit of
 * what they submitted run in the same immediate: a batch is not kept waiting
 * a further loop iteration (with every socket read it brings) for its commit.
 */
export class GroupCommitter {
  private next: { item: EntryBatch; resolve(result: CommitResult): void; reject(err: unknown): void }[] = [];
  private flushes: (() => void)[] = [];
  private inFlight = 0;
  private scheduled = false;
  private inTurn = false;

  constructor(
    private readonly store: DocStore,
    private readonly logger: Logger,
    private readonly maxInFlight = 1,
  ) {}

  /** Resolves once the batch is durable; rejects if its transaction failed or it claimed a foreign client id. */
  submit(entryId: string, batch: EntryBatch['batch']): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.next.push({ item: { entryId, batch }, resolve, reject });
      this.schedule();
    });
  }

  /** Runs `flush` (a room applying its queue and submitting a batch) in the next turn, before its commit. */
  runInNextTurn(flush: () => void): void {
    this.flushes.push(flush);
    this.schedule();
  }

  private schedule(): void {
    // Submissions made by the flushes of a turn are committed at its end.
    if (this.scheduled || this.inTurn) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    const flushes = this.flushes;
    this.flushes = [];
    this.inTurn = true;
    try {
      for (const flush of flushes) flush();
    } finally {
      this.inTurn = false;
    }
    // While every slot is in flight, what was submitted waits for one (commit's finally).
    if (this.inFlight < this.maxInFlight) void this.commit();
  }

  private async commit(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.next.length === 0) return;
    this.inFlight++;
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
      this.inFlight--;
      if (this.next.length > 0 || this.flushes.length > 0) this.schedule();
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
        this.logger.warn('collab group commit busy; retrying', {
          attempt: attempt + 1,
          delayMs: delay,
          code: (err as { code?: unknown }).code,
        });
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
