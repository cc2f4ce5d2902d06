import { AsyncLocalStorage } from 'node:async_hooks';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';

const requestIp = new AsyncLocalStorage<string | null>();

/**
 * Keeps the address of the request being served for the audit records it writes, so services
 * deep below the routes need not be handed it. Mounted once, first, in app.ts.
 */
export function auditRequestContext(): MiddlewareHandler {
  return async (c, next) => {
    let ip: string | null = null;
    try {
      ip = getConnInfo(c).remote.address ?? null;
    } catch {
      // app.request() in unit tests has no socket.
    }
    await requestIp.run(ip, next);
  };
}

/** The current request's address, or null outside a request (timers, the socket, tests). */
export function auditRequestIp(): string | null {
  return requestIp.getStore() ?? null;
}
