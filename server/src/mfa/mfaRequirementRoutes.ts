import { idParam, mfaRequirementBody } from '@jointly/shared';
import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { type IsOrganisationAdmin, requireOrganisationAdmin } from '../audit/organisationAdminGate.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { readJson } from '../http/validate.ts';
import { mfaRequirementOf, setMfaRequirement } from './mfaRequirement.ts';

/**
 * GET and PUT /api/organisations/:id/mfa-requirement (issue 15): whether the organisation's members
 * must use two-factor sign-in, for its admins only. Mounted behind requireAuth.
 */
export function mfaRequirementRoutes(deps: {
  database: { db: Kysely<Database> };
  isOrganisationAdmin: IsOrganisationAdmin;
}) {
  const { db } = deps.database;
  const app = new Hono<AppEnv>();

  async function adminOrganisation(c: Context<AppEnv>): Promise<string> {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw notFound('That organisation');
    await requireOrganisationAdmin(db, deps.isOrganisationAdmin, c.get('auth'), id.data);
    return id.data;
  }

  app.get('/organisations/:id/mfa-requirement', async (c) =>
    c.json(await mfaRequirementOf(db, await adminOrganisation(c))),
  );

  app.put('/organisations/:id/mfa-requirement', async (c) => {
    const organisationId = await adminOrganisation(c);
    const { required } = await readJson(c, mfaRequirementBody);
    return c.json(await setMfaRequirement(db, { organisationId, auth: c.get('auth'), required }));
  });

  return app;
}
