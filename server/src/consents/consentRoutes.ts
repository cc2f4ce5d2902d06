import { createConsentRecordBody, idParam, withdrawConsentBody } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ConsentService } from './consentService.ts';

/**
 * Consent records (issue 18 item 1). Needs a session. Through an entry: its members read the
 * records it uses (404 otherwise); leads and contributors record and use; withdrawing as the
 * service allows. Through an organisation: its confirmed members list and withdraw its records.
 */
export function consentRoutes(deps: { consents: ConsentService }) {
  const { consents } = deps;
  const app = new Hono<AppEnv>();

  app.post('/entries/:id/consents', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, createConsentRecordBody);
    return c.json(await consents.create(id, c.get('auth').user.id, body), 201);
  });

  app.get('/entries/:id/consents', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await consents.listForEntry(id, c.get('auth').user.id));
  });

  app.get('/entries/:id/consents/:consentId', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const consentId = parseOrThrow(idParam, c.req.param('consentId'));
    return c.json(await consents.get(id, c.get('auth').user.id, consentId));
  });

  // A record of the caller's organisation used by a testimonial in this entry too.
  app.post('/entries/:id/consents/:consentId/use', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const consentId = parseOrThrow(idParam, c.req.param('consentId'));
    return c.json(await consents.use(id, c.get('auth').user.id, consentId));
  });

  app.post('/entries/:id/consents/:consentId/withdraw', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const consentId = parseOrThrow(idParam, c.req.param('consentId'));
    const { reason } = await readJson(c, withdrawConsentBody);
    return c.json(await consents.withdrawInEntry(id, c.get('auth').user.id, consentId, reason));
  });

  app.get('/organisations/:id/consents', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await consents.listForOrganisation(id, c.get('auth').user.id));
  });

  app.post('/organisations/:id/consents/:consentId/withdraw', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const consentId = parseOrThrow(idParam, c.req.param('consentId'));
    const { reason } = await readJson(c, withdrawConsentBody);
    return c.json(await consents.withdrawInOrganisation(id, c.get('auth').user.id, consentId, reason));
  });

  return app;
}
