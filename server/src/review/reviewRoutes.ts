import { commentBody, idParam, newThreadBody, sectionAssignmentBody } from '@jointly/shared';
import { type Context, Hono } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import { mailLinkOrigin } from '../mail/mailLinkOrigin.ts';
import { sectionIdParam } from '../signoff/signoffSchemas.ts';
import type { ReviewService } from './reviewService.ts';

/**
 * Section assignments and comment threads (PRODUCT §3 journey 6, §4). Needs
 * a session; non-members get 404, members without the permission 403, an
 * unknown section 400, a comment on a submitted entry 409 entry_submitted.
 */
export function reviewRoutes(deps: { config: Config; review: ReviewService; limits: ActionLimiter }) {
  const { config, review, limits } = deps;
  const app = new Hono<AppEnv>();
  const userId = (c: { get(key: 'auth'): AppEnv['Variables']['auth'] }) => c.get('auth').user.id;
  /** Whose comment it is, for the per-account and per-organisation comment limits (issue 10 finding 8). */
  const actor = (c: { get(key: 'auth'): AppEnv['Variables']['auth'] }) => ({
    userId: c.get('auth').user.id,
    organisationId: c.get('auth').organisation.id,
  });
  /** The origin of the entry link in mention e-mails: PUBLIC_URL, never the request's Host (mailLinkOrigin.ts). */
  const origin = (c: Context<AppEnv>) => mailLinkOrigin(config, c);

  app.get('/entries/:id/assignments', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await review.listAssignments(id, userId(c)));
  });

  app.put('/entries/:id/sections/:sectionId/assignment', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    const body = await readJson(c, sectionAssignmentBody);
    return c.json(await review.assignSection(id, sectionId, userId(c), body));
  });

  app.get('/entries/:id/sections/:sectionId/comments', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    return c.json(await review.listComments(id, sectionId, userId(c)));
  });

  app.post('/entries/:id/sections/:sectionId/comments', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    // A thread may carry an anchor (issue 14 item 2); replies never do.
    const body = await readJson(c, newThreadBody);
    await limits.commentPosted(actor(c));
    return c.json(await review.createThread(id, sectionId, userId(c), body, origin(c)), 201);
  });

  app.post('/entries/:id/comments/:commentId/replies', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const commentId = parseOrThrow(idParam, c.req.param('commentId'));
    const body = await readJson(c, commentBody);
    await limits.commentPosted(actor(c));
    return c.json(await review.reply(id, commentId, userId(c), body, origin(c)), 201);
  });

  app.post('/entries/:id/comments/:commentId/resolve', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const commentId = parseOrThrow(idParam, c.req.param('commentId'));
    return c.json(await review.setResolved(id, commentId, userId(c), true));
  });

  app.post('/entries/:id/comments/:commentId/unresolve', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const commentId = parseOrThrow(idParam, c.req.param('commentId'));
    return c.json(await review.setResolved(id, commentId, userId(c), false));
  });

  return app;
}
