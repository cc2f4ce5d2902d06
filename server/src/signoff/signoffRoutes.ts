import { idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow } from '../http/validate.ts';
import { idempotencyKeyHeader, sectionIdParam, versionParam } from './signoffSchemas.ts';
import type { SignoffService } from './signoffService.ts';

/**
 * Review, sign-off and submission (PRODUCT §3 journeys 6–8, §6; server/SIGNOFF.md).
 * Needs a session; non-members get 404, members without the permission 403.
 */
export function signoffRoutes(deps: { signoff: SignoffService }) {
  const { signoff } = deps;
  const app = new Hono<AppEnv>();
  const userId = (c: { get(key: 'auth'): AppEnv['Variables']['auth'] }) => c.get('auth').user.id;

  app.post('/entries/:id/sections/:sectionId/approve', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    return c.json(await signoff.approveSection(id, sectionId, userId(c)), 201);
  });

  app.get('/entries/:id/sections/:sectionId/approval-diff', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    return c.json(await signoff.approvalDiff(id, sectionId, userId(c)));
  });

  app.post('/entries/:id/endorse', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await signoff.endorse(id, userId(c)), 201);
  });

  app.post('/entries/:id/submit', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const key = parseOrThrow(idempotencyKeyHeader, c.req.header('idempotency-key'));
    const { submission, created } = await signoff.submit(id, userId(c), key ?? null);
    return c.json(submission, created ? 201 : 200);
  });

  app.get('/entries/:id/submit-conditions', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await signoff.submitConditions(id, userId(c)));
  });

  app.post('/entries/:id/reopen', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    await signoff.reopen(id, userId(c));
    return c.json({ id, status: 'draft' as const });
  });

  app.get('/entries/:id/submissions', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await signoff.listSubmissions(id, userId(c)));
  });

  app.get('/entries/:id/submissions/:version', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const version = parseOrThrow(versionParam, c.req.param('version'));
    return c.json(await signoff.getSubmission(id, version, userId(c)));
  });

  app.get('/entries/:id/activity', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await signoff.activity(id, userId(c)));
  });

  return app;
}
