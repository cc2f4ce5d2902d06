import { idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow } from '../http/validate.ts';
import type { ProvenanceService } from './provenanceService.ts';

/** Provenance of an entry (PRODUCT §5, §6). Needs a session; members only (404 otherwise). */
export function provenanceRoutes(deps: { provenance: ProvenanceService }) {
  const { provenance } = deps;
  const app = new Hono<AppEnv>();

  app.get('/entries/:id/provenance', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await provenance.getProvenance(id, c.get('auth').user.id));
  });

  return app;
}
