import { startTestServer, type TestServer } from '../../test/testServer.ts';
import type { CollabTuning } from '../collabTuning.ts';

export type CollabTestServer = TestServer;

/** The collaboration tests' server: the real `startServer` with collab tunables overridable. */
export function startCollabTestServer(
  options: { env?: Record<string, string>; tuning?: Partial<CollabTuning>; keepDataDir?: boolean } = {},
): Promise<CollabTestServer> {
  return startTestServer(options.env ?? {}, { tuning: options.tuning, keepDataDir: options.keepDataDir });
}
