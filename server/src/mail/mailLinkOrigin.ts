import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Config } from '../config.ts';

/**
 * The origin of every link in Jointly's e-mails (invitations, @mentions): PUBLIC_URL, and never
 * a request's Host header (issue #10 finding 11: a member could otherwise make Jointly's own
 * e-mail point at another site). Production with SMTP_URL cannot start without PUBLIC_URL
 * (config.ts); in development and tests the fallback is this server on localhost, with the port
 * it accepted the request on (the listening port, also when PORT=0), taken from the socket.
 */
export function mailLinkOrigin(config: Pick<Config, 'publicUrl' | 'port'>, c: Context): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return `http://localhost:${incoming?.socket.localPort ?? config.port}`;
}
