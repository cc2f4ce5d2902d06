import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CollabTuning } from '../collab/collabTuning.ts';
import { loadConfig } from '../config.ts';
import type { HistoryTuning } from '../history/historyRecorder.ts';
import { type RunningServer, startServer } from '../server.ts';

export type TestServer = {
  origin: string;
  port: number;
  /** ws://127.0.0.1:PORT/collab — the `serverUrl` of a WebsocketProvider. */
  wsUrl: string;
  services: RunningServer['services'];
  /** The collaboration socket of this server (same as `services.collab`). */
  collab: RunningServer['services']['collab'];
  /** The underlying Node server, to read its timeouts and limits. */
  httpServer: RunningServer['httpServer'];
  dataDir: string;
  close(): Promise<void>;
};

export type TestServerOptions = {
  /** Collaboration tunables (timers, thresholds) tests drive directly. */
  tuning?: Partial<CollabTuning>;
  /** Keep a generated data directory after close (for restarts on the same data). */
  keepDataDir?: boolean;
  /** When draft history keeps automatic versions (short in tests). */
  history?: Partial<HistoryTuning>;
  /** The clock consent records' expiry is judged by (issue 18). */
  consentNow?: () => number;
};

/**
 * A real Jointly server (the same `startServer` as production) on port 0
 * with its own temporary data directory, torn down (and the directory
 * removed, unless kept or given) by `close`.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    CLIENT_DIST_DIR: path.join(dataDir, 'no-client'),
    ...env,
  });
  const server = await startServer(config, {
    collabTuning: options.tuning,
    historyTuning: options.history,
    consentNow: options.consentNow,
  });
  const removeDataDir = !env.DATA_DIR && !options.keepDataDir;
  return {
    origin: server.origin,
    port: server.port,
    wsUrl: `ws://127.0.0.1:${server.port}/collab`,
    services: server.services,
    collab: server.services.collab,
    httpServer: server.httpServer,
    dataDir,
    async close() {
      await server.close();
      if (removeDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
