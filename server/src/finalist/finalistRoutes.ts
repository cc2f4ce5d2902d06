import { finalistStageBody, idParam, rehearsalNoteBody } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { FinalistService } from './finalistService.ts';

/** The finalist stage (issue 17 item 4). Needs a session; non-members 404; leads change it, contributors add notes. */
export function finalistRoutes(deps: { finalist: FinalistService }) {
  const { finalist } = deps;
  const app = new Hono<AppEnv>();

  app.get('/entries/:id/finalist', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await finalist.get(id, c.get('auth').user.id));
  });

  app.put('/entries/:id/finalist', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, finalistStageBody);
    return c.json(await finalist.update(id, c.get('auth').user.id, body));
  });

  app.post('/entries/:id/finalist/notes', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, rehearsalNoteBody);
    return c.json(await finalist.addNote(id, c.get('auth').user.id, body), 201);
  });

  return app;
}
