import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { ErrorCode } from '@jointly/shared';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accountRoutes, publicAccountRoutes, sendVerificationAfterSignup } from './accounts/accountRoutes.ts';
import { auditRequestContext } from './audit/auditRequestContext.ts';
import { auditRoutes } from './audit/auditRoutes.ts';
import { authRoutes } from './auth/authRoutes.ts';
import { requireAuth } from './auth/requireAuth.ts';
import { categoryRoutes } from './categories/categoryRoutes.ts';
import { MAX_JSON_BODY_BYTES } from './config.ts';
import { consentRoutes } from './consents/consentRoutes.ts';
import { deadlineRoutes } from './deadlines/deadlineRoutes.ts';
import { entryRoutes } from './entries/entryRoutes.ts';
import { erasureRoutes } from './erasure/erasureRoutes.ts';
import { exportRoutes } from './exports/exportRoutes.ts';
import { FILE_UPLOAD_PATH, fileRoutes } from './files/fileRoutes.ts';
import { finalistRoutes } from './finalist/finalistRoutes.ts';
import { historyRoutes } from './history/historyRoutes.ts';
import type { AppEnv } from './http/AppEnv.ts';
import { isClientPage, isUnknownPage } from './http/clientPages.ts';
import { createErrorHandler, notFoundHandler } from './http/errorHandler.ts';
import { HttpError } from './http/HttpError.ts';
import { originCheck } from './http/originCheck.ts';
import { refuseSourceMaps } from './http/refuseSourceMaps.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { invitationRoutes, publicInvitationRoutes } from './invitations/invitationRoutes.ts';
import { mfaRequirementRoutes } from './mfa/mfaRequirementRoutes.ts';
import { twoFactorLoginRoutes } from './mfa/twoFactorLoginRoutes.ts';
import { twoFactorRoutes } from './mfa/twoFactorRoutes.ts';
import { notificationRoutes, publicNotificationRoutes } from './notifications/notificationRoutes.ts';
import { offlineCopyKeyRoutes } from './offlineCopies/offlineCopyKeyRoutes.ts';
import { isOrganisationAdmin } from './organisations/organisationAdmins.ts';
import { organisationRoutes, publicOrganisationRoutes } from './organisations/organisationRoutes.ts';
import { outcomeRoutes } from './outcomes/outcomeRoutes.ts';
import { provenanceRoutes } from './provenance/provenanceRoutes.ts';
import { publicationRoutes } from './publication/publicationRoutes.ts';
import { entryCopyRoutes } from './reuse/entryCopyRoutes.ts';
import { libraryRoutes } from './reuse/libraryRoutes.ts';
import { reviewRoutes } from './review/reviewRoutes.ts';
import type { Services } from './services.ts';
import { signoffRoutes } from './signoff/signoffRoutes.ts';
import { ssoPasswordGate, ssoRoutes } from './sso/ssoRoutes.ts';
import { subjectAccessRoutes } from './subjectAccess/subjectAccessRoutes.ts';
import { suggestionRoutes } from './suggestions/suggestionRoutes.ts';

export function createApp(services: Services) {
  const { config, logger } = services;
  const app = new Hono<AppEnv>();

  app.onError(createErrorHandler(logger));
  app.notFound(notFoundHandler);
  // The audit log records the address each request came from (audit/).
  app.use('*', auditRequestContext());
  app.use('*', securityHeaders(config));
  app.use('*', originCheck(config));

  // Healthy means able to store an edit, not only to read (RELIABILITY J66, J67): a failure
  // answers 503 with Retry-After through the error handler (StoreUnavailableError, SQLITE_*).
  app.get('/healthz', async (c) => {
    await services.database.db.selectFrom('organisations').select('id').limit(1).execute();
    await services.database.checkWritable();
    return c.json({ status: 'ok' });
  });

  const api = new Hono<AppEnv>();
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: () => {
      throw new HttpError(413, ErrorCode.payloadTooLarge, 'The request body is too large.');
    },
  });
  // File uploads are counted against FILE_MAX_BYTES as they stream (files/receiveUpload.ts).
  api.use('*', (c, next) =>
    c.req.method === 'POST' && FILE_UPLOAD_PATH.test(c.req.path) ? next() : jsonBodyLimit(c, next),
  );
  api.route(
    '/',
    authRoutes({
      ...services,
      afterSignup: sendVerificationAfterSignup(services),
      passwordGate: ssoPasswordGate(config),
    }),
  );
  api.route('/', ssoRoutes({ ...services, sso: services.singleSignOn }));
  api.route('/', publicAccountRoutes(services));
  api.route('/', twoFactorLoginRoutes(services));
  api.route('/', publicInvitationRoutes(services));
  api.route('/', publicNotificationRoutes(services));
  api.route('/', publicOrganisationRoutes(services));
  // Before the other signed-in routes: a session its organisation holds to setting up two-factor
  // sign-in reaches these (and GET /api/me) only; requireAuth refuses it everything else.
  api.route('/', twoFactorRoutes(services));
  const signedIn = new Hono<AppEnv>();
  signedIn.use('*', requireAuth(config, services.sessions));
  signedIn.route('/', entryRoutes(services));
  signedIn.route('/', categoryRoutes(services));
  signedIn.route('/', invitationRoutes(services));
  signedIn.route('/', provenanceRoutes(services));
  signedIn.route('/', exportRoutes(services));
  signedIn.route('/', signoffRoutes(services));
  signedIn.route('/', reviewRoutes(services));
  signedIn.route('/', deadlineRoutes(services));
  signedIn.route('/', notificationRoutes(services));
  signedIn.route('/', fileRoutes(services));
  signedIn.route('/', historyRoutes(services));
  signedIn.route('/', suggestionRoutes(services));
  signedIn.route('/', entryCopyRoutes(services));
  signedIn.route('/', libraryRoutes(services));
  signedIn.route('/', accountRoutes(services));
  signedIn.route('/', organisationRoutes(services));
  signedIn.route('/', auditRoutes({ ...services, isOrganisationAdmin }));
  signedIn.route('/', mfaRequirementRoutes({ ...services, isOrganisationAdmin }));
  signedIn.route('/', consentRoutes(services));
  signedIn.route('/', erasureRoutes(services));
  signedIn.route('/', offlineCopyKeyRoutes(services));
  signedIn.route('/', subjectAccessRoutes(services));
  signedIn.route('/', outcomeRoutes(services));
  signedIn.route('/', finalistRoutes(services));
  signedIn.route('/', publicationRoutes(services));
  api.route('/', signedIn);
  app.route('/api', api);

  const clientDir = config.clientDistDir ?? path.resolve(import.meta.dirname, '../../client/dist');
  const indexFile = path.join(clientDir, 'index.html');
  if (fs.existsSync(indexFile)) {
    const indexHtml = fs.readFileSync(indexFile, 'utf8');
    app.use('*', refuseSourceMaps());
    app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), clientDir) || '.' }));
    app.get('*', async (c, next) => {
      if (isClientPage(c.req.path)) return c.html(indexHtml);
      await next();
    });
    app.use('*', serveStatic({ root: path.relative(process.cwd(), clientDir) || '.' }));
    // No page and no file: the app's own "Page not found" (the client routes it), not raw JSON.
    app.get('*', async (c, next) => {
      if (isUnknownPage(c.req.path)) return c.html(indexHtml, 404);
      await next();
    });
  } else {
    logger.warn('client build not found; serving the API only', { clientDir });
  }

  return app;
}
