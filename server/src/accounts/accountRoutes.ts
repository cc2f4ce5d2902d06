import { getConnInfo } from '@hono/node-server/conninfo';
import {
  accountLinkToken,
  changeEmailBody,
  changeNameBody,
  changePasswordBody,
  deleteAccountBody,
  passwordResetBody,
  passwordResetRequestBody,
} from '@jointly/shared';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AccountService } from '../auth/accountService.ts';
import { serializeClearedSessionCookie } from '../auth/sessionCookie.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { AccountEmailLimits } from '../limits/accountEmailLimits.ts';
import type { Logger } from '../logger.ts';
import { mailLinkOrigin } from '../mail/mailLinkOrigin.ts';
import type { AccountManagementService } from './accountManagementService.ts';
import type { AccountRecoveryService } from './accountRecoveryService.ts';
import { linkInvalid } from './accountRecoveryService.ts';

type AccountRouteDeps = {
  config: Config;
  accounts: AccountService;
  accountRecovery: AccountRecoveryService;
  accountManagement: AccountManagementService;
  accountEmailLimits: AccountEmailLimits;
  /** Endorsing needs a verified address (services.ts: when Jointly can send mail to verify it). */
  emailVerificationRequired: boolean;
  organisationMembership?: { accountLeft(userId: string): Promise<void> };
};

/** A session's public id (ids.ts: lower-case base32). */
const sessionIdParam = z.string().regex(/^[a-z0-9]{1,64}$/, 'Not a session id');

const ipOf = (c: Context) => getConnInfo(c).remote.address ?? 'unknown';

/** A link's token from the path: anything malformed is the same answer as an unknown link. */
function tokenParam(c: Context): string {
  const parsed = accountLinkToken.safeParse(c.req.param('token'));
  if (!parsed.success) throw linkInvalid();
  return parsed.data;
}

/** Links opened without a session (issue 15): password reset, address verification, email change. */
export function publicAccountRoutes(deps: AccountRouteDeps) {
  const { config, accountRecovery, accountEmailLimits } = deps;
  const app = new Hono<AppEnv>();

  app.post('/auth/password-reset', async (c) => {
    const { email } = await readJson(c, passwordResetRequestBody);
    await accountEmailLimits.linkRequested('reset', { address: email, ip: ipOf(c) });
    accountRecovery.requestPasswordReset(email, mailLinkOrigin(config, c));
    return c.json({ status: 'sent_if_registered' }, 202);
  });

  app.post('/auth/password-reset/:token', async (c) => {
    const token = tokenParam(c);
    const { password } = await readJson(c, passwordResetBody);
    await accountRecovery.resetPassword(token, password);
    return c.body(null, 204);
  });

  app.post('/auth/verify-email/:token', async (c) => {
    await accountRecovery.verifyEmail(tokenParam(c));
    return c.body(null, 204);
  });

  app.post('/auth/email-change/:token', async (c) => {
    await accountRecovery.confirmEmailChange(tokenParam(c));
    return c.body(null, 204);
  });

  return app;
}

/** The signed-in person's own account (issue 15); mounted behind requireAuth. */
export function accountRoutes(deps: AccountRouteDeps) {
  const { config, accounts, accountRecovery, accountManagement: manage, accountEmailLimits } = deps;
  const app = new Hono<AppEnv>();

  // Whether the page should ask for a confirmation: without SMTP_URL no link can be sent, so none is asked for.
  app.get('/account/verification', (c) =>
    c.json({ emailVerified: c.get('auth').emailVerified, required: deps.emailVerificationRequired }),
  );

  app.post('/account/verification', async (c) => {
    const auth = c.get('auth');
    if (!auth.emailVerified) {
      await accountEmailLimits.linkRequested('verify', { address: auth.user.email, userId: auth.user.id, ip: ipOf(c) });
      await accountRecovery.sendVerification(auth.user.id, mailLinkOrigin(config, c));
    }
    return c.body(null, 202);
  });

  app.patch('/account/name', async (c) => {
    const { name } = await readJson(c, changeNameBody);
    const userId = c.get('auth').user.id;
    await manage.changeName(userId, name);
    return c.json(await accounts.getMe(userId));
  });

  app.post('/account/password', async (c) => {
    const body = await readJson(c, changePasswordBody);
    const auth = c.get('auth');
    await accountEmailLimits.passwordChecked(auth.user.id);
    await manage.changePassword(auth.user.id, auth.sessionId, body.currentPassword, body.newPassword);
    return c.body(null, 204);
  });

  app.post('/account/email', async (c) => {
    const body = await readJson(c, changeEmailBody);
    const auth = c.get('auth');
    await accountEmailLimits.passwordChecked(auth.user.id);
    await accountEmailLimits.linkRequested('email_change', { address: body.email, userId: auth.user.id, ip: ipOf(c) });
    await manage.requestEmailChange(auth.user.id, body.currentPassword, body.email, mailLinkOrigin(config, c));
    return c.body(null, 202);
  });

  app.get('/account/sessions', async (c) => {
    const auth = c.get('auth');
    return c.json({ sessions: await manage.listSessions(auth.user.id, auth.sessionId) });
  });

  app.post('/account/sessions/sign-out-others', async (c) => {
    const auth = c.get('auth');
    await manage.endOtherSessions(auth.user.id, auth.sessionId);
    return c.body(null, 204);
  });

  app.delete('/account/sessions/:sessionId', async (c) => {
    const sessionId = parseOrThrow(sessionIdParam, c.req.param('sessionId'));
    const auth = c.get('auth');
    await manage.endSession(auth.user.id, sessionId);
    if (sessionId === auth.sessionId) c.header('Set-Cookie', serializeClearedSessionCookie(config));
    return c.body(null, 204);
  });

  app.post('/account/delete', async (c) => {
    const body = await readJson(c, deleteAccountBody);
    await accountEmailLimits.passwordChecked(c.get('auth').user.id);
    await manage.deleteAccount(c.get('auth').user.id, body.currentPassword);
    // Its organisation's last admin leaving hands the role on (organisations/).
    await deps.organisationMembership?.accountLeft(c.get('auth').user.id);
    c.header('Set-Cookie', serializeClearedSessionCookie(config));
    return c.body(null, 204);
  });

  return app;
}

/**
 * After sign-up (auth/authRoutes.ts): the verification e-mail, within its limits, sent without
 * holding up the answer; the sign-up stands whatever becomes of it.
 */
export function sendVerificationAfterSignup(deps: AccountRouteDeps & { logger: Logger }) {
  return async (userId: string, email: string, c: Context): Promise<void> => {
    const origin = mailLinkOrigin(deps.config, c);
    void (async () => {
      // Not the IP's bucket: sign-up has its own per-IP limit (auth/authRoutes.ts).
      await deps.accountEmailLimits.linkRequested('verify', { address: email, userId });
      await deps.accountRecovery.sendVerification(userId, origin);
    })().catch((err) => deps.logger.info('verification email not sent at sign-up', { reason: String(err) }));
  };
}
