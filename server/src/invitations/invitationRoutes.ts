import { createInvitationBody, idParam, type ReissuedInvitationDto } from '@jointly/shared';
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { expectedOrigin } from '../http/originCheck.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailLinkOrigin } from '../mail/mailLinkOrigin.ts';
import type { InvitationService } from './invitationService.ts';

/** Invitations of an entry (lead only) and accepting one. */
export function invitationRoutes(deps: {
  config: Config;
  invitations: InvitationService;
  mailer: Mailer | null;
  limits: ActionLimiter;
}) {
  const { config, invitations, mailer, limits } = deps;
  const app = new Hono<AppEnv>();

  app.post('/entries/:id/invitations', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const auth = c.get('auth');
    const body = await readJson(c, createInvitationBody);
    const origin = expectedOrigin(c.req.header('host'), config) ?? '';
    // Limits per inviter, organisation and recipient (issue 10 finding 9, RELIABILITY G50), checked once the
    // invitation is known to be allowed and just before it is stored: over them, 429 and nothing created.
    const admit = () =>
      limits.invitationCreated({ userId: auth.user.id, organisationId: auth.organisation.id }, body.email, !!mailer);
    const created = await invitations.create(id, { id: auth.user.id, name: auth.user.name }, body, origin, admit);
    if (mailer) {
      // The link in the answer is shown only to this lead and reflects their own request; the e-mailed one
      // reaches someone else, so it comes from PUBLIC_URL alone (mailLinkOrigin.ts, issue #10 finding 11).
      const url = `${mailLinkOrigin(config, c)}/invitations/${created.token}`;
      await mailer.sendInvitation({ to: created.email, inviter: auth.user.name, url });
    }
    return c.json(created, 201);
  });

  app.get('/entries/:id/invitations', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    return c.json(await invitations.listPending(id, c.get('auth').user.id));
  });

  // Re-issue (issue 11 item 4): a fresh link for the same pending invitation, the old one stops
  // working; e-mailed again when SMTP is set. Same limits as sending an invitation.
  app.post('/entries/:id/invitations/:invitationId/reissue', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const invitationId = parseOrThrow(idParam, c.req.param('invitationId'));
    const auth = c.get('auth');
    const origin = expectedOrigin(c.req.header('host'), config) ?? '';
    const admit = (email: string) =>
      limits.invitationCreated({ userId: auth.user.id, organisationId: auth.organisation.id }, email, !!mailer);
    const reissued = await invitations.reissue(id, auth.user.id, invitationId, origin, admit);
    if (mailer) {
      const url = `${mailLinkOrigin(config, c)}/invitations/${reissued.token}`;
      await mailer.sendInvitation({ to: reissued.email, inviter: auth.user.name, url });
    }
    return c.json<ReissuedInvitationDto>({ ...reissued, emailed: !!mailer });
  });

  app.delete('/entries/:id/invitations/:invitationId', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const invitationId = parseOrThrow(idParam, c.req.param('invitationId'));
    await invitations.revoke(id, c.get('auth').user.id, invitationId);
    return c.body(null, 204);
  });

  app.post('/invitations/:token/accept', async (c) => {
    const auth = c.get('auth');
    return c.json(
      await invitations.accept(c.req.param('token'), {
        id: auth.user.id,
        email: auth.user.email,
        organisationId: auth.organisation.id,
      }),
    );
  });

  return app;
}

/** The invitation preview is readable without a session: the invitee may not have an account yet. */
export function publicInvitationRoutes(deps: { invitations: InvitationService }) {
  const app = new Hono<AppEnv>();
  app.get('/invitations/:token', async (c) => c.json(await deps.invitations.preview(c.req.param('token'))));
  return app;
}
