import { erasureRequestBody, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ErasureService } from './erasureService.ts';

/**
 * Erasure of a testimonial's subject (issue 18 item 2). Needs a session.
 * Leads erase (contributors and viewers 403; anyone not a member 404); every
 * member reads the record, which names no personal data.
 */
export function erasureRoutes(deps: { erasures: ErasureService }) {
  const { erasures } = deps;
  const app = new Hono<AppEnv>();

  app.post('/entries/:id/erasures', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, erasureRequestBody);
    return c.json(await erasures.request(id, c.get('auth').user.id, body), 201);
  });

  app.get('/entries/:id/erasures', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await erasures.list(id, c.get('auth').user.id));
  });

  return app;
}
