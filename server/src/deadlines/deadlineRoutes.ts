import { entryDeadlinesBody, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { DeadlineService } from './deadlineService.ts';

/**
 * An entry's deadlines and reminders (issue 17 item 2): every member reads
 * them, a lead changes them; outsiders get 404, other members 403.
 */
export function deadlineRoutes(deps: { deadlines: DeadlineService }) {
  const { deadlines } = deps;
  const app = new Hono<AppEnv>();

  app.get('/entries/:id/deadlines', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await deadlines.get(id, c.get('auth').user.id));
  });

  app.put('/entries/:id/deadlines', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, entryDeadlinesBody);
    return c.json(await deadlines.set(id, c.get('auth').user.id, body));
  });

  return app;
}
