import { AUDIT_PAGE_DEFAULT, auditLogQuery, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { parseOrThrow } from '../http/validate.ts';
import { listAudit } from './auditLog.ts';
import { type IsOrganisationAdmin, requireOrganisationAdmin } from './organisationAdminGate.ts';

/**
 * GET /api/organisations/:id/audit (issue 15): the organisation's audit log for its admins, newest
 * first, a page at a time. Mounted behind requireAuth. No route edits or deletes a record.
 */
export function auditRoutes(deps: { database: { db: Kysely<Database> }; isOrganisationAdmin: IsOrganisationAdmin }) {
  const { db } = deps.database;
  const app = new Hono<AppEnv>();

  app.get('/organisations/:id/audit', async (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw notFound('That organisation');
    await requireOrganisationAdmin(db, deps.isOrganisationAdmin, c.get('auth'), id.data);
    const query = parseOrThrow(auditLogQuery, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json(
      await listAudit(db, {
        organisationId: id.data,
        before: query.before === undefined ? null : Number(query.before),
        limit: query.limit ?? AUDIT_PAGE_DEFAULT,
      }),
    );
  });

  return app;
}
