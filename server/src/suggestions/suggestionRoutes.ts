import { entrySettingsBody, idParam, suggestChangeBody } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import { sectionIdParam } from '../signoff/signoffSchemas.ts';
import type { SuggestionService } from './suggestionService.ts';
import type { ViewerSuggestionService } from './viewerSuggestionService.ts';

/** Suggesting mode (issue 14 item 3). Needs a session; members only (404 otherwise). */
export function suggestionRoutes(deps: {
  suggestions: SuggestionService;
  viewerSuggestions: ViewerSuggestionService;
  limits: ActionLimiter;
}) {
  const { suggestions, viewerSuggestions, limits } = deps;
  const app = new Hono<AppEnv>();

  // Each pending suggestion with its author as the server recorded it (C-SUGGEST-1).
  app.get('/entries/:id/suggestions', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await suggestions.list(id, c.get('auth').user.id));
  });

  // Whether the entry's viewers may suggest (leads only, C-SUGGEST-5).
  app.patch('/entries/:id/settings', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const body = await readJson(c, entrySettingsBody);
    return c.json(await viewerSuggestions.updateSettings(id, c.get('auth').user.id, body));
  });

  // A suggestion the server writes for its author: a viewer's when the entry allows it (C-SUGGEST-5).
  app.post('/entries/:id/sections/:sectionId/suggestions', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    const body = await readJson(c, suggestChangeBody);
    const auth = c.get('auth');
    await limits.suggestionMade({ userId: auth.user.id, organisationId: auth.organisation.id });
    return c.json(await viewerSuggestions.suggest(id, sectionId, auth.user.id, body), 201);
  });

  return app;
}
