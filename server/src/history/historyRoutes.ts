import { compareSide, idParam, nameVersionBody, restoreVersionBody, sectionVersionId } from '@jointly/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import { sectionIdParam } from '../signoff/signoffSchemas.ts';
import type { HistoryService } from './historyService.ts';

/**
 * Draft history of a section (issue 14 item 4; README "Public contract").
 * Any member reads, compares and names versions; writers record a restore.
 * Non-members get 404, members without the permission 403.
 */
export function historyRoutes(deps: { history: HistoryService }) {
  const { history } = deps;
  const app = new Hono<AppEnv>();
  const userId = (c: { get(key: 'auth'): AppEnv['Variables']['auth'] }) => c.get('auth').user.id;
  const base = '/entries/:id/sections/:sectionId/history';
  const params = (c: { req: { param(name: string): string | undefined } }) => ({
    id: parseOrThrow(idParam, c.req.param('id')),
    sectionId: parseOrThrow(sectionIdParam, c.req.param('sectionId')),
  });

  app.get(base, async (c) => {
    const { id, sectionId } = params(c);
    return c.json(await history.listVersions(id, sectionId, userId(c)));
  });

  app.post(base, async (c) => {
    const { id, sectionId } = params(c);
    const body = await readJson(c, nameVersionBody);
    return c.json(await history.nameVersion(id, sectionId, body.name, userId(c)), 201);
  });

  app.get(`${base}/compare`, async (c) => {
    const { id, sectionId } = params(c);
    const from = parseOrThrow(compareSide, c.req.query('from'));
    const to = parseOrThrow(compareSide, c.req.query('to') ?? 'current');
    return c.json(await history.compare(id, sectionId, from, to, userId(c)));
  });

  app.post(`${base}/restores`, async (c) => {
    const { id, sectionId } = params(c);
    const body = await readJson(c, restoreVersionBody);
    return c.json(await history.recordRestore(id, sectionId, body.from, userId(c)), 201);
  });

  app.get(`${base}/:versionId`, async (c) => {
    const { id, sectionId } = params(c);
    const versionId = parseOrThrow(sectionVersionId, c.req.param('versionId'));
    return c.json(await history.getVersion(id, sectionId, versionId, userId(c)));
  });

  return app;
}
