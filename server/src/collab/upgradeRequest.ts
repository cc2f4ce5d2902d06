import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ACKS_QUERY_PARAM,
  COLLAB_PATH_PREFIX,
  type ErrorBody,
  ErrorCode,
  type ErrorCodeValue,
  EVENTS_QUERY_PARAM,
  REFUSALS_QUERY_PARAM,
} from '@jointly/shared';

/** Entry ids are the server's random base32 ids (shared `idParam`). */
const ENTRY_ID = /^[a-z0-9]{1,64}$/;
/** RFC 6455 §4.1: the key is 16 random bytes, base64-encoded (24 characters). */
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

export type CollabTarget = { entryId: string; wantsAcks: boolean; wantsEvents: boolean; wantsRefusals: boolean };

/**
 * The entry an upgrade asks for: exactly `/collab/<entryId>` (C-AUTH-1).
 * Returns null for any other path, including encoded or nested ones.
 */
export function parseCollabTarget(url: string | undefined): CollabTarget | null {
  if (!url?.startsWith(`${COLLAB_PATH_PREFIX}/`)) return null;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const entryId = path.slice(COLLAB_PATH_PREFIX.length + 1);
  if (!ENTRY_ID.test(entryId)) return null;
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  return {
    entryId,
    wantsAcks: query.get(ACKS_QUERY_PARAM) === '1',
    wantsEvents: query.get(EVENTS_QUERY_PARAM) === '1',
    wantsRefusals: query.get(REFUSALS_QUERY_PARAM) === '1',
  };
}

/** A WebSocket handshake ws would accept: GET, Upgrade: websocket, a well-formed key, version 13 (C-AUTH-2). */
export function isWellFormedHandshake(req: {
  method?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  const upgrade = req.headers.upgrade;
  const key = req.headers['sec-websocket-key'];
  const version = req.headers['sec-websocket-version'];
  return (
    req.method === 'GET' &&
    typeof upgrade === 'string' &&
    upgrade.toLowerCase() === 'websocket' &&
    typeof key === 'string' &&
    WEBSOCKET_KEY.test(key.trim()) &&
    version === '13'
  );
}

const CODE_OF_STATUS: Record<number, ErrorCodeValue> = {
  400: ErrorCode.badRequest,
  401: ErrorCode.unauthenticated,
  403: ErrorCode.crossOrigin,
  404: ErrorCode.notFound,
  429: ErrorCode.tooManyRequests,
  500: ErrorCode.internal,
  503: ErrorCode.unavailable,
};

/**
 * Answers a refused upgrade with a plain HTTP response on the raw socket,
 * in the API's error envelope, then destroys the socket (C-AUTH rules).
 */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  lingerMs: number,
  code: ErrorCodeValue = CODE_OF_STATUS[status] ?? ErrorCode.badRequest,
): void {
  if (socket.destroyed) return;
  const body: ErrorBody = { error: { code, message } };
  const json = JSON.stringify(body);
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(json)}`,
  ];
  if (status === 429 || status === 503) headers.push('Retry-After: 5');
  socket.once('finish', () => socket.destroy());
  setTimeout(() => socket.destroy(), lingerMs).unref();
  socket.end(`${headers.join('\r\n')}\r\n\r\n${json}`);
}
