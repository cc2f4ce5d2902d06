import * as Y from 'yjs';
import { OFFLINE_COPY_COMPACT_AFTER_RECORDS } from '../config.ts';
import { openRecord, sealRecord } from './sealedRecords.ts';

/** Where the sealed records live in the copy's IndexedDB database. */
const STORE = 'sealed';
/**
 * Version 1 was y-indexeddb's copy, whose `updates` and `custom` stores held the document in clear
 * text; opening at version 2 deletes them (the copy is then rebuilt, sealed, from the server).
 */
const DB_VERSION = 2;

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function openDatabase(name: string): Promise<IDBDatabase> {
  const request = indexedDB.open(name, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    for (const old of Array.from(db.objectStoreNames)) db.deleteObjectStore(old);
    db.createObjectStore(STORE, { autoIncrement: true });
  };
  return requestDone(request);
}

/**
 * An entry's offline copy in IndexedDB, sealed (issue 18 item 3): in place of y-indexeddb, every
 * update is stored encrypted under the session's key (sealedRecords.ts), so neither testimonial
 * fields nor section text are ever on disk in clear text, and a copy left by an ended session
 * cannot be read. As y-indexeddb does, it loads the copy into the document (`whenSynced`), stores
 * each later update as a record, and now and then replaces the records by one of the whole state.
 * Writes go one at a time, in the order of the updates, so a compaction never drops a record
 * whose update its snapshot does not hold.
 */
export class SealedOfflineStore {
  /** Settles once the copy is loaded into the document; rejects when it cannot be opened (no key). */
  readonly whenSynced: Promise<void>;
  private db: IDBDatabase | null = null;
  private key: CryptoKey | null = null;
  private writes: Promise<void>;
  private records = 0;
  private destroyed = false;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    key: Promise<CryptoKey>,
  ) {
    this.whenSynced = this.load(key);
    // Updates made while it loads wait for it; if it cannot open, nothing is written.
    this.writes = this.whenSynced.catch(() => undefined);
    doc.on('update', this.onUpdate);
  }

  /** Stops storing; resolves once the updates already taken are written and the database closed. */
  destroy(): Promise<void> {
    if (!this.destroyed) {
      this.destroyed = true;
      this.doc.off('update', this.onUpdate);
    }
    return this.enqueue(async () => {
      this.db?.close();
      this.db = null;
    });
  }

  private async load(keyPromise: Promise<CryptoKey>): Promise<void> {
    const key = await keyPromise;
    const db = await openDatabase(this.name);
    // Another page deleting the copy (sign-out in another tab) must not wait for this one.
    db.onversionchange = () => {
      db.close();
      if (this.db === db) this.db = null;
    };
    if (this.destroyed) {
      db.close();
      return;
    }
    this.db = db;
    this.key = key;
    const read = db.transaction(STORE, 'readonly').objectStore(STORE).getAll();
    const stored = await requestDone(read);
    const updates: Uint8Array[] = [];
    for (const record of stored) {
      const update = await openRecord(key, this.name, record);
      // A record that does not open was sealed by another session: nobody can read that copy any more.
      if (!update) {
        updates.length = 0;
        break;
      }
      updates.push(update);
    }
    if (this.destroyed) return;
    Y.transact(
      this.doc,
      () => {
        for (const update of updates) Y.applyUpdate(this.doc, update, this);
      },
      this,
      false,
    );
    // One record of the whole state (what was loaded and anything the page already had).
    await this.compact();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    void this.enqueue(() => this.append(update));
  };

  private enqueue(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(write).catch(() => {
      // Storage full, or the copy deleted under us: the document and the socket carry on without it.
    });
    return this.writes;
  }

  private async append(update: Uint8Array): Promise<void> {
    const { db, key } = this;
    if (!db || !key) return;
    const record = await sealRecord(key, this.name, update);
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).add(record);
    await transactionDone(transaction);
    this.records += 1;
    if (this.records >= OFFLINE_COPY_COMPACT_AFTER_RECORDS && !this.destroyed) await this.compact();
  }

  private async compact(): Promise<void> {
    const { db, key } = this;
    if (!db || !key) return;
    // Taken now: every update written before this point is in it, every later one is queued after it.
    const record = await sealRecord(key, this.name, Y.encodeStateAsUpdate(this.doc));
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    store.clear();
    store.add(record);
    await transactionDone(transaction);
    this.records = 1;
  }
}
