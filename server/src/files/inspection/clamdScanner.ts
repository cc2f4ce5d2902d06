import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';

export type ScanResult = { clean: true } | { clean: false; signature: string };
/** Throws if clamd cannot be reached or answers an error: the upload then fails (503), never passes unscanned. */
export type Scanner = { scan(path: string): Promise<ScanResult> };

const CHUNK_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A ClamAV clamd client speaking its documented INSTREAM command over TCP
 * (RELIABILITY §H 57): `zINSTREAM\0`, the file in chunks each prefixed by
 * its length (4 bytes, big-endian), a zero-length chunk, then one reply
 * `stream: OK` or `stream: <signature> FOUND` (or `… ERROR`). The file is
 * streamed from disk, never held whole; back-pressure follows the socket.
 * Each scan has its own connection and a deadline for the whole exchange.
 */
export function createClamdScanner(url: string, options: { timeoutMs?: number } = {}): Scanner {
  const { hostname, port } = parseClamdUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return { scan: (path) => scanFile(hostname, port, path, timeoutMs) };
}

function parseClamdUrl(url: string): { hostname: string; port: number } {
  const parsed = new URL(url);
  const port = Number(parsed.port);
  if (parsed.protocol !== 'tcp:' || !parsed.hostname || !Number.isInteger(port) || port <= 0) {
    throw new Error(`CLAMAV_URL must be tcp://host:port, not ${url}`);
  }
  return { hostname: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

function scanFile(host: string, port: number, path: string, timeoutMs: number): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    let reply = '';
    let done = false;
    const finish = (err: Error | null, result?: ScanResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      file.destroy();
      socket.destroy();
      if (err) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(
      () => finish(new Error(`clamd at ${host}:${port} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let connected = false;
    let lastError: Error | null = null;
    file.on('error', (err) => finish(err));
    socket.on('data', (data) => {
      reply += data.toString('utf8');
      // clamd ends the reply with the NUL of the z-prefixed command.
      if (reply.includes('\0')) finish(...interpret(reply));
    });
    // clamd may answer early (over its StreamMaxLength) and close while the file is still being sent:
    // the write then fails, but the answer already read is what counts.
    socket.on('error', (err) => {
      lastError = err;
    });
    socket.on('close', () => {
      if (reply) finish(...interpret(reply));
      else if (!connected)
        finish(new Error(`clamd at ${host}:${port} cannot be reached: ${lastError?.message ?? 'closed'}`));
      else
        finish(
          new Error(
            `clamd at ${host}:${port} closed the connection without an answer (${lastError?.message ?? 'no error'})`,
          ),
        );
    });
    socket.on('connect', () => {
      connected = true;
      socket.write('zINSTREAM\0');
      void pump(file, socket).then(
        () => socket.write(Buffer.alloc(4)), // the zero-length chunk: end of stream
        // A failed write means the connection is going; its 'close' reports the answer or the failure.
        () => {},
      );
    });
  });
}

async function pump(file: AsyncIterable<Buffer>, socket: Socket): Promise<void> {
  for await (const chunk of file) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(chunk.length);
    socket.write(length);
    if (!socket.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        socket.once('drain', () => {
          socket.off('close', onClose);
          socket.off('error', onError);
          resolve();
        });
        const onClose = () => reject(new Error('clamd closed the connection while the file was being sent'));
        socket.once('close', onClose);
        socket.once('error', onError);
      });
    }
  }
}

function interpret(raw: string): [Error | null, ScanResult?] {
  const reply = raw.replace(/\0/g, '').trim();
  if (reply === 'stream: OK') return [null, { clean: true }];
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return [null, { clean: false, signature: found[1]! }];
  return [new Error(`clamd answered an error: ${reply || '(nothing)'}`)];
}
