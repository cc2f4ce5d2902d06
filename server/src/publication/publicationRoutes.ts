import { idParam, publicationBody } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { PublicationService } from './publicationService.ts';

/** "Not for publication" (issue 17 item 5). Needs a session; leads only (403), members only (404). */
export function publicationRoutes(deps: { publication: PublicationService }) {
  const app = new Hono<AppEnv>();

  app.put('/entries/:id/publication', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, publicationBody);
    return c.json(await deps.publication.update(id, c.get('auth').user.id, body));
  });

  return app;
}
