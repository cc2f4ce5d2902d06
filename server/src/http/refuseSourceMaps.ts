import type { MiddlewareHandler } from 'hono';
import { notFoundHandler } from './errorHandler.ts';

/** Any path ending in .map, in any case (a case-insensitive file system would serve .MAP). */
const SOURCE_MAP = /\.map$/i;

/**
 * Source maps are never served (issue #10 finding 16): they publish the client's original
 * source. The production build makes none (client/vite.config.ts), and this answers 404 for
 * any that a build or a deployment leaves in the client directory anyway. Encoded paths are
 * checked decoded too, although the static handler refuses a `%` in a path already.
 */
export function refuseSourceMaps(): MiddlewareHandler {
  return async (c, next) => {
    if (SOURCE_MAP.test(c.req.path) || SOURCE_MAP.test(decoded(c.req.path))) return notFoundHandler(c);
    await next();
  };
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
