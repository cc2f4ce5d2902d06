import { changeRoleBody, createEntryBody, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { EntryService } from './entryService.ts';
import type { EntryView } from './entryView.ts';

/** Entries and their members (PRODUCT §6). All routes need a session. */
export function entryRoutes(deps: { entries: EntryService; entryView: EntryView; limits: ActionLimiter }) {
  const { entries, entryView, limits } = deps;
  const app = new Hono<AppEnv>();

  // GET /categories: categories/categoryRoutes.ts (shipped and custom categories, issue 17).

  app.get('/entries', async (c) => c.json(await entryView.listEntries(c.get('auth').user.id)));

  app.post('/entries', async (c) => {
    const auth = c.get('auth');
    const body = await readJson(c, createEntryBody);
    // Over the limit: 429 before anything is created (issue 10 finding 8).
    await limits.entryCreated({ userId: auth.user.id, organisationId: auth.organisation.id });
    const id = await entries.createEntry(body, { userId: auth.user.id, organisationId: auth.organisation.id });
    return c.json(await entryView.getEntry(id, auth.user.id), 201);
  });

  app.get('/entries/:id', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await entryView.getEntry(id, c.get('auth').user.id));
  });

  app.get('/entries/:id/members', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    await entries.authorise(id, c.get('auth').user.id, 'read');
    return c.json(await entries.listMembers(id));
  });

  app.patch('/entries/:id/members/:userId', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const memberId = parseOrThrow(idParam, c.req.param('userId'));
    const body = await readJson(c, changeRoleBody);
    return c.json(await entries.changeRole(id, c.get('auth').user.id, memberId, body.role));
  });

  app.delete('/entries/:id/members/:userId', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const memberId = parseOrThrow(idParam, c.req.param('userId'));
    await entries.removeMember(id, c.get('auth').user.id, memberId);
    return c.body(null, 204);
  });

  return app;
}
