import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import type { SubjectAccessExport } from './subjectAccessExport.ts';

/**
 * GET /api/me/data-export: the signed-in person's own data as a JSON file (subjectAccessExport.ts).
 * Behind requireAuth; nothing in the request chooses whose data it is.
 */
export function subjectAccessRoutes(deps: { subjectAccess: SubjectAccessExport }) {
  const app = new Hono<AppEnv>();
  app.get('/me/data-export', async (c) => {
    const data = await deps.subjectAccess.exportFor(c.get('auth'));
    const day = data.generatedAt.slice(0, 10);
    return c.body(JSON.stringify(data, null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="jointly-my-data-${day}.json"`,
      // Personal data: never kept by a cache on the way or in the browser.
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
