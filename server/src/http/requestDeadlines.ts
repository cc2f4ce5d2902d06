import type { IncomingMessage, Server } from 'node:http';

export type RequestDeadlines = {
  /** Every request but an upload must have arrived whole within this long. */
  requestMs: number;
  /** An upload may take this long in all (a 20 MiB file on a slow link). */
  uploadMs: number;
  /** An upload whose bytes stop coming for this long is dropped. */
  uploadIdleMs: number;
};

/** POST /api/entries/:id/files: the one route whose body may take minutes. */
export function isUploadRequest(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const path = (req.url ?? '').split('?')[0] ?? '';
  return /^\/api\/entries\/[^/]+\/files\/?$/.test(path);
}

/**
 * Node's requestTimeout is one limit for every request, but an evidence upload
 * on a slow link needs minutes while every other body is a few KiB. So Node's
 * limit is the uploads' (uploadMs) and other requests get their own shorter
 * deadline here: a request whose body has not fully arrived by `requestMs` has
 * its socket destroyed, as Node would have done. An upload that stalls (no
 * bytes for `uploadIdleMs`) is dropped too, so a trickle cannot hold a socket
 * for the whole upload allowance unless it keeps sending.
 */
export function applyRequestDeadlines(server: Server, deadlines: RequestDeadlines): void {
  server.requestTimeout = deadlines.uploadMs;
  server.on('request', (req: IncomingMessage) => {
    const socket = req.socket;
    if (isUploadRequest(req)) {
      socket.setTimeout(deadlines.uploadIdleMs, () => socket.destroy());
      // Keep-alive: the next request on this socket is not an upload's.
      req.once('end', () => socket.setTimeout(0));
      return;
    }
    if (req.complete) return;
    const timer = setTimeout(() => {
      if (!req.complete) socket.destroy();
    }, deadlines.requestMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
  });
}
