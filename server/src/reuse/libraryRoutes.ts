import { idParam, isItemId, useLibraryItemBody } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv, AuthContext } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { LibraryService } from './libraryService.ts';

/** The organisation's library of approved testimonials and evidence (issue 17 item 3). Needs a session. */
export function libraryRoutes(deps: { library: LibraryService }) {
  const { library } = deps;
  const app = new Hono<AppEnv>();
  const callerOf = (auth: AuthContext) => ({ userId: auth.user.id, organisationId: auth.organisation.id });

  app.post('/entries/:id/items/:itemId/library', async (c) => {
    const entryId = parseOrThrow(idParam, c.req.param('id'));
    const itemId = c.req.param('itemId');
    if (!isItemId(itemId)) throw notFound('Item');
    return c.json(await library.addToLibrary(entryId, itemId, callerOf(c.get('auth'))), 201);
  });

  app.get('/organisations/:id/library', async (c) => {
    const organisationId = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await library.listLibrary(organisationId, callerOf(c.get('auth'))));
  });

  app.post('/entries/:id/library-items', async (c) => {
    const entryId = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, useLibraryItemBody);
    return c.json(await library.useLibraryItem(entryId, body.libraryItemId, callerOf(c.get('auth'))), 201);
  });

  return app;
}
