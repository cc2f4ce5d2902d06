import { copyEntryBody, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { EntryView } from '../entries/entryView.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { EntryCopyService } from './entryCopyService.ts';

/** Reuse (issue 17 item 3): copying an entry into another category or programme. Needs a session. */
export function entryCopyRoutes(deps: { entryCopies: EntryCopyService; entryView: EntryView; limits: ActionLimiter }) {
  const { entryCopies, entryView, limits } = deps;
  const app = new Hono<AppEnv>();

  app.post('/entries/:id/copy', async (c) => {
    const sourceId = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, copyEntryBody);
    const auth = c.get('auth');
    const caller = { userId: auth.user.id, organisationId: auth.organisation.id };
    // A copy is a new entry: the same limit as creating one, 429 before anything is stored.
    const id = await entryCopies.copyEntry(sourceId, body, caller, () => limits.entryCreated(caller));
    return c.json(await entryView.getEntry(id, auth.user.id), 201);
  });

  return app;
}
