import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../server.ts';

export type TestServer = {
  origin: string;
  /** ws://127.0.0.1:PORT/collab — the `serverUrl` of a WebsocketProvider. */
  wsUrl: string;
  services: RunningServer['services'];
  /** The underlying Node server, to read its timeouts and limits. */
  httpServer: RunningServer['httpServer'];
  dataDir: string;
  close(): Promise<void>;
};

/**
 * A real Jointly server on port 0 with its own temporary data directory,
 * torn down (and the directory removed) by `close`.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
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
  const server = await startServer(config);
  return {
    origin: server.origin,
    wsUrl: `ws://127.0.0.1:${server.port}/collab`,
    services: server.services,
    httpServer: server.httpServer,
    dataDir,
    async close() {
      await server.close();
      if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
