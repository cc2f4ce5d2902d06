import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { applyRequestDeadlines, isUploadRequest } from './requestDeadlines.ts';

/** A real HTTP server that reads every body and answers 200 with its length, under small deadlines. */
async function serve(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
    });
    req.on('end', () => res.end(String(length)));
  });
  server.headersTimeout = 2_000;
  applyRequestDeadlines(server, { requestMs: 300, uploadMs: 5_000, uploadIdleMs: 400 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** Sends a request head, then `chunks` bytes one every `everyMs`; resolves with what the socket got and whether it was cut. */
function trickle(port: number, path: string, chunks: number, everyMs: number) {
  return new Promise<{ reply: string; cut: boolean }>((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let reply = '';
    let sent = 0;
    socket.on('data', (data) => {
      reply += data.toString();
    });
    socket.on('close', () => resolve({ reply, cut: !reply.startsWith('HTTP/1.1 200') }));
    socket.on('error', () => {});
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${chunks}\r\nConnection: close\r\n\r\n`);
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write('x');
      if (++sent === chunks) clearInterval(timer);
    }, everyMs);
  });
}

let running: Server | null = null;
afterEach(() => {
  running?.close();
  running = null;
});

describe('request deadlines', () => {
  it('knows the upload route from every other', () => {
    const req = (method: string, url: string) => ({ method, url }) as Parameters<typeof isUploadRequest>[0];
    expect(isUploadRequest(req('POST', '/api/entries/abc/files'))).toBe(true);
    expect(isUploadRequest(req('POST', '/api/entries/abc/files?x=1'))).toBe(true);
    expect(isUploadRequest(req('GET', '/api/entries/abc/files'))).toBe(false);
    expect(isUploadRequest(req('POST', '/api/entries/abc/files/def'))).toBe(false);
    expect(isUploadRequest(req('POST', '/api/entries/abc/comments'))).toBe(false);
  });

  it('cuts a slow body on any other route at the request deadline', async () => {
    const { server, port } = await serve();
    running = server;
    const started = Date.now();
    const { cut } = await trickle(port, '/api/entries/abc/comments', 20, 50);
    expect(cut).toBe(true);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('lets an upload take longer than that while its bytes keep coming', async () => {
    const { server, port } = await serve();
    running = server;
    const { reply, cut } = await trickle(port, '/api/entries/abc/files', 12, 80);
    expect(cut).toBe(false);
    expect(reply.endsWith('12')).toBe(true);
  });

  it('drops an upload whose bytes stop coming', async () => {
    const { server, port } = await serve();
    running = server;
    const started = Date.now();
    // Two bytes, then silence (the third would come after 2 s).
    const { cut } = await trickle(port, '/api/entries/abc/files', 3, 1_000);
    expect(cut).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_900);
  });
});
