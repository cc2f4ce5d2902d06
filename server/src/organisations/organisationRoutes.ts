import { getConnInfo } from '@hono/node-server/conninfo';
import {
  addOrganisationDomainBody,
  changeOwnOrganisationBody,
  declineOrganisationMemberBody,
  idParam,
  type MeDto,
  type OrganisationKind,
  organisationDomain,
  organisationMemberRoleBody,
  organisationSearchQuery,
  updateOrganisationBody,
} from '@jointly/shared';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireOrganisationAdmin } from '../audit/organisationAdminGate.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv, AuthContext } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { OrganisationAdministration } from './organisationAdministration.ts';
import { isOrganisationAdmin } from './organisationAdmins.ts';
import type { OrganisationLimits } from './organisationLimits.ts';
import type { OrganisationMoves } from './organisationMoves.ts';
import {
  organisationDetail,
  organisationEntries,
  organisationMembers,
  searchOrganisations,
} from './organisationReads.ts';

type OrganisationRouteDeps = {
  database: { db: Kysely<Database> };
  organisationLimits: OrganisationLimits;
  organisationAdministration: OrganisationAdministration;
  organisationMoves: OrganisationMoves;
  /** auth/'s account reads (not imported: auth/ places new accounts through this folder). */
  accounts: { getMe(userId: string): Promise<MeDto | null> };
};

/** GET /api/organisations?query=: the sign-up picker's search, before anyone has an account (issue 15). */
export function publicOrganisationRoutes(deps: OrganisationRouteDeps) {
  const app = new Hono<AppEnv>();
  app.get('/organisations', async (c) => {
    const { query } = parseOrThrow(organisationSearchQuery, c.req.query());
    await deps.organisationLimits.searched(getConnInfo(c).remote.address ?? 'unknown');
    return c.json({ organisations: await searchOrganisations(deps.database.db, query) });
  });
  return app;
}

/**
 * An organisation's own pages (issue 15), behind requireAuth. Its details for its members; the
 * rest for its admins. Anyone of another organisation is answered 404, as for an organisation
 * that does not exist; a member who is not an admin 403 (audit/organisationAdminGate.ts).
 */
export function organisationRoutes(deps: OrganisationRouteDeps) {
  const { db } = deps.database;
  const admin = deps.organisationAdministration;
  const app = new Hono<AppEnv>();

  const organisationOf = async (auth: AuthContext, raw: string | undefined, adminOnly: boolean) => {
    const id = parseOrThrow(idParam, raw);
    if (adminOnly) await requireOrganisationAdmin(db, isOrganisationAdmin, auth, id);
    else if (auth.organisation.id !== id) throw notFound('That organisation');
    return id;
  };

  app.get('/organisations/:id', async (c) => {
    const id = await organisationOf(c.get('auth'), c.req.param('id'), false);
    return c.json(await organisationDetail(db, id));
  });

  app.patch('/organisations/:id', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    const body = await readJson(c, updateOrganisationBody);
    await admin.updateDetails(auth.user.id, id, body);
    return c.json(await organisationDetail(db, id));
  });

  app.get('/organisations/:id/members', async (c) => {
    const id = await organisationOf(c.get('auth'), c.req.param('id'), true);
    return c.json({ members: await organisationMembers(db, id) });
  });

  app.post('/organisations/:id/members/:userId/confirm', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    const userId = parseOrThrow(idParam, c.req.param('userId'));
    return c.json(await admin.confirmMember(auth.user.id, id, userId));
  });

  app.post('/organisations/:id/members/:userId/decline', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    const userId = parseOrThrow(idParam, c.req.param('userId'));
    // The body (a reason) is optional: a POST without one declines without a reason.
    const { reason } = c.req.header('content-type')
      ? await readJson(c, declineOrganisationMemberBody)
      : { reason: undefined };
    return c.json(await admin.declineMember(auth.user.id, id, userId, reason));
  });

  app.put('/organisations/:id/members/:userId/role', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    const userId = parseOrThrow(idParam, c.req.param('userId'));
    const { role } = await readJson(c, organisationMemberRoleBody);
    return c.json(await admin.setMemberRole(auth.user.id, id, userId, role));
  });

  app.post('/organisations/:id/domains', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    const { domain } = await readJson(c, addOrganisationDomainBody);
    await admin.addDomain(auth.user.id, id, domain);
    return c.json(await organisationDetail(db, id), 201);
  });

  app.delete('/organisations/:id/domains/:domain', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    const domain = parseOrThrow(organisationDomain, c.req.param('domain'));
    await admin.removeDomain(auth.user.id, id, domain);
    return c.body(null, 204);
  });

  // A pending or declined person names their real organisation (organisationMoves.ts).
  app.put('/me/organisation', async (c) => {
    const auth = c.get('auth');
    const body = await readJson(c, changeOwnOrganisationBody);
    await deps.organisationLimits.moved(auth.user.id);
    const choice = body.organisationId
      ? { organisationId: body.organisationId }
      : { name: body.organisationName ?? '', kind: body.organisationKind as OrganisationKind };
    await deps.organisationMoves.moveOwnOrganisation(auth.user.id, choice);
    return c.json(await deps.accounts.getMe(auth.user.id));
  });

  app.get('/organisations/:id/entries', async (c) => {
    const auth = c.get('auth');
    const id = await organisationOf(auth, c.req.param('id'), true);
    return c.json({ entries: await organisationEntries(db, id, auth.user.id) });
  });

  return app;
}
