import { fileURLToPath } from 'node:url';
import { type ChildServer, startChildServer } from './childServer.ts';
import { profileSetup } from './profiling.ts';

/** The socket path prefix used for both servers, so clients build the same URLs. */
export const REFERENCE_WS_PATH = '/collab';

/** Starts @y/websocket-server 0.1.1 (no auth, no persistence) in a child process. */
export function startReferenceServer(
  options: { profile: boolean; resultsDir: string } = { profile: false, resultsDir: '' },
): Promise<ChildServer> {
  const script = fileURLToPath(new URL('./referenceServerProcess.mjs', import.meta.url));
  const profile = profileSetup(options, 'reference');
  return startChildServer({
    name: 'reference',
    command: process.execPath,
    args: [...(profile?.nodeArgs ?? []), script],
    env: { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', ...profile?.env },
    profileDir: profile?.dir ?? null,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    wsPath: REFERENCE_WS_PATH,
  });
}
