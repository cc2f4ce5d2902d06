import { ErrorCode, idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { EntryService } from '../entries/entryService.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { conflict } from '../http/HttpError.ts';
import { parseOrThrow } from '../http/validate.ts';
import { idempotencyKeyHeader, sectionIdParam, versionParam } from './signoffSchemas.ts';
import type { SignoffService } from './signoffService.ts';

/**
 * Review, sign-off and submission (PRODUCT §3 journeys 6–8, §6; server/SIGNOFF.md).
 * Needs a session; non-members get 404, members without the permission 403.
 */
export function signoffRoutes(deps: {
  signoff: SignoffService;
  entries: Pick<EntryService, 'authorise'>;
  /** Issue 15: endorsing needs a verified address when Jointly can send mail to verify it. */
  emailVerificationRequired: boolean;
}) {
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
    if (deps.emailVerificationRequired && !c.get('auth').emailVerified) {
      // A non-member still gets 404 and a member who may not sign off 403, before this 409.
      await deps.entries.authorise(id, userId(c), 'signOff');
      throw conflict(
        ErrorCode.emailUnverified,
        'Confirm your email address before you endorse: use the link we sent you.',
      );
    }
    const auth = c.get('auth');
    if (auth.organisationStatus !== 'confirmed') {
      // Issue 15: endorsing speaks for the organisation, so only its confirmed members may; as
      // above, a non-member still gets 404 and a member who may not sign off 403 first.
      await deps.entries.authorise(id, userId(c), 'signOff');
      throw conflict(
        ErrorCode.organisationUnconfirmed,
        auth.organisationStatus === 'declined'
          ? `An admin of ${auth.organisation.name} declined you as a member, so you cannot endorse for it. If you work for another organisation, change it on your account page.`
          : `An admin of ${auth.organisation.name} has not confirmed you as a member yet, so you cannot endorse for it. Ask one of its admins to confirm you on their organisation page.`,
      );
    }
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
