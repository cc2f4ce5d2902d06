import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EICAR } from './hostileFiles.ts';

/**
 * A real ClamAV clamd for tests (RELIABILITY §H 57), on a free port of
 * 127.0.0.1, with a signature database written here holding only the EICAR
 * test signature (nothing is downloaded; freshclam is never run). Debian's
 * `clamav-daemon` provides clamd (scripts/ensure-system-packages.sh installs
 * it); without it this throws, so a test never passes unscanned.
 */

export const CLAMD_PATH = '/usr/sbin/clamd';
/** The signature's name as clamd reports it (".UNOFFICIAL": it is not from ClamAV's own databases). */
export const EICAR_SIGNATURE = 'Jointly-Test-EICAR';

export type RunningClamd = { url: string; port: number; stop(): Promise<void> };

export async function startClamd(options: { streamMaxBytes?: number } = {}): Promise<RunningClamd> {
  if (!existsSync(CLAMD_PATH)) {
    throw new Error(
      `clamd is not installed (${CLAMD_PATH}); run scripts/ensure-system-packages.sh (Debian package clamav-daemon)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'jointly-clamd-'));
  // An extended (.ndb) signature: name, any file type, any offset, the EICAR bytes in hex.
  await writeFile(join(dir, 'jointly-eicar.ndb'), `${EICAR_SIGNATURE}:0:*:${EICAR.toString('hex')}\n`);
  const port = await freePort();
  const conf = [
    'Foreground yes',
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    `DatabaseDirectory ${dir}`,
    `TemporaryDirectory ${dir}`,
    `PidFile ${join(dir, 'clamd.pid')}`,
    'LogSyslog no',
    ...(options.streamMaxBytes ? [`StreamMaxLength ${options.streamMaxBytes}`] : []),
  ].join('\n');
  await writeFile(join(dir, 'clamd.conf'), `${conf}\n`);
  const child = spawn(CLAMD_PATH, ['-c', join(dir, 'clamd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await pings(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`clamd did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `tcp://127.0.0.1:${port}`, port, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** clamd's PING command answers PONG once it has loaded its database. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (data) => (reply += data.toString()));
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(reply.startsWith('PONG')));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
