import { entryOutcomeBody, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { OutcomeService } from './outcomeService.ts';

/** After submitting (issue 17 item 4). Needs a session; non-members get 404, members who are not leads 403 on PUT. */
export function outcomeRoutes(deps: { outcomes: OutcomeService }) {
  const { outcomes } = deps;
  const app = new Hono<AppEnv>();

  app.get('/entries/:id/outcome', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await outcomes.get(id, c.get('auth').user.id));
  });

  app.put('/entries/:id/outcome', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, entryOutcomeBody);
    return c.json(await outcomes.record(id, c.get('auth').user.id, body));
  });

  return app;
}
