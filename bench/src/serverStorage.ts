import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { sqliteFilePath } from './sqliteFile.ts';

/**
 * Jointly's own storage layer (server/src/collab/docStore.kysely.ts over
 * server/src/db/database.ts), loaded from the server's source by tsx, to
 * write a long history fast with the server stopped. Only the calls used here
 * are typed, so the benchmark does not typecheck against server internals
 * that are still moving; a missing module fails with a clear message.
 */

type UpdateBatch = {
  updates: Uint8Array[];
  contributions: never[];
  clients: { clientId: number; userId: string }[];
  createdAt: number;
};
type DocStore = {
  appendUpdates(entryId: string, batch: UpdateBatch): Promise<{ lastUpdateId: number }>;
  compact(entryId: string): Promise<{ lastUpdateId: number; compacted: number }>;
};
type DatabaseHandle = { close(): Promise<void> };
type DatabaseModule = {
  openDatabase(options: { kind: 'sqlite'; file: string; synchronous: 'FULL' | 'NORMAL' }): Promise<DatabaseHandle>;
};
type DocStoreModule = { createKyselyDocStore(handle: DatabaseHandle): DocStore };
type ConfigModule = { COMPACT_AFTER_UPDATES?: number };

export type ServerStorage = {
  store: DocStore;
  /** The server's compaction threshold (COMPACT_AFTER_UPDATES). */
  compactAfterUpdates: number;
  close(): Promise<void>;
};

async function importServerModule<T>(rootDir: string, relative: string): Promise<T> {
  const file = `${rootDir}/server/src/${relative}`;
  if (!existsSync(file)) throw new Error(`${file} is missing: the first-sync store mode writes through it`);
  return (await import(pathToFileURL(file).href)) as T;
}

export async function openServerStorage(rootDir: string, dataDir: string): Promise<ServerStorage> {
  const { openDatabase } = await importServerModule<DatabaseModule>(rootDir, 'db/database.ts');
  const { createKyselyDocStore } = await importServerModule<DocStoreModule>(rootDir, 'collab/docStore.kysely.ts');
  const config = await importServerModule<ConfigModule>(rootDir, 'config.ts');
  const handle = await openDatabase({ kind: 'sqlite', file: sqliteFilePath(dataDir), synchronous: 'FULL' });
  return {
    store: createKyselyDocStore(handle),
    compactAfterUpdates: config.COMPACT_AFTER_UPDATES ?? 500,
    close: () => handle.close(),
  };
}
