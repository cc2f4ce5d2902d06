import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClamdScanner } from './clamdScanner.ts';
import { makePdf } from './testing/allowedFiles.ts';
import { EICAR } from './testing/hostileFiles.ts';
import { EICAR_SIGNATURE, type RunningClamd, startClamd } from './testing/startClamd.ts';

/** RELIABILITY §H 57, against a real clamd (Debian's clamav-daemon) with an EICAR-only database written by the test. */

let dir: string;
let clamd: RunningClamd;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jointly-scan-'));
  clamd = await startClamd({ streamMaxBytes: 4 * 1024 * 1024 });
}, 60_000);
afterAll(async () => {
  await clamd?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function saved(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('createClamdScanner against a real clamd', () => {
  it('reports the EICAR test file as infected, naming the signature', async () => {
    const result = await createClamdScanner(clamd.url).scan(await saved('eicar.csv', EICAR));
    expect(result).toEqual({ clean: false, signature: `${EICAR_SIGNATURE}.UNOFFICIAL` });
  });

  it('reports a PDF as clean', async () => {
    expect(await createClamdScanner(clamd.url).scan(await saved('clean.pdf', await makePdf({ pages: 2 })))).toEqual({
      clean: true,
    });
  });

  it('streams a file of many chunks: EICAR after 3 MiB of other bytes is found', async () => {
    const path = await saved('late.bin', Buffer.concat([randomBytes(3 * 1024 * 1024), EICAR]));
    expect(await createClamdScanner(clamd.url).scan(path)).toMatchObject({ clean: false });
  });

  it('throws, never passes the file, when clamd refuses a stream over its StreamMaxLength', async () => {
    const path = await saved('big.bin', randomBytes(5 * 1024 * 1024));
    // clamd answers "size limit exceeded" and closes while the file is still being sent. Whether that
    // answer is read first or lost to the reset of the connection (EPIPE, ECONNRESET) is a race in the
    // kernel; either way the scan fails and the upload is refused (503), which is what matters.
    await expect(createClamdScanner(clamd.url).scan(path)).rejects.toThrow(
      /clamd (answered an error: .*limit|at \S+ closed the connection without an answer)/i,
    );
  });

  it('scans several files at once, each on its own connection', async () => {
    const clean = await saved('a.pdf', await makePdf());
    const infected = await saved('b.csv', EICAR);
    const scanner = createClamdScanner(clamd.url);
    const results = await Promise.all([scanner.scan(clean), scanner.scan(infected), scanner.scan(clean)]);
    expect(results.map((result) => result.clean)).toEqual([true, false, true]);
  });
});

describe('createClamdScanner when clamd is not there', () => {
  it('throws when nothing listens (the upload then fails, never passes unscanned)', async () => {
    const path = await saved('unreachable.csv', EICAR);
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    await expect(createClamdScanner(`tcp://127.0.0.1:${port}`).scan(path)).rejects.toThrow(/cannot be reached/);
  });

  it('throws past its time limit when clamd accepts but never answers', async () => {
    const silent: Server = createServer(() => {});
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)),
    );
    try {
      const scanner = createClamdScanner(`tcp://127.0.0.1:${port}`, { timeoutMs: 300 });
      await expect(scanner.scan(await saved('silent.csv', EICAR))).rejects.toThrow(/did not answer within 300 ms/);
    } finally {
      silent.close();
    }
  });

  it('refuses a URL that is not tcp://host:port', () => {
    expect(() => createClamdScanner('http://127.0.0.1:3310')).toThrow(/tcp:\/\/host:port/);
    expect(() => createClamdScanner('tcp://127.0.0.1')).toThrow(/tcp:\/\/host:port/);
  });
});
