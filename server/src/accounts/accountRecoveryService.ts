import { EMAIL_LINK_TTL_MS, ErrorCode, PASSWORD_RESET_TTL_MS } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAccountAudit } from '../audit/auditLog.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { SessionService } from '../auth/sessionService.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import type { AccountMail } from './accountMail.ts';
import type { AccountTokens } from './accountTokens.ts';

export type AccountRecoveryService = ReturnType<typeof createAccountRecoveryService>;

export const linkInvalid = () =>
  new HttpError(400, ErrorCode.linkInvalid, 'This link has expired or has already been used. Ask for a new one.');

/**
 * Password reset and address verification by e-mailed link (issue 15). `origin` is where links
 * point (mail/mailLinkOrigin.ts: PUBLIC_URL, never a request's Host).
 */
export function createAccountRecoveryService(deps: {
  db: Kysely<Database>;
  tokens: AccountTokens;
  mail: AccountMail;
  sessions: SessionService;
  logger: Logger;
  now?: () => number;
  /** After a link verified an address (organisations/: a pending member on a verified domain is confirmed). */
  onAddressVerified?: (userId: string) => Promise<void>;
}) {
  const { db, tokens, mail, sessions, logger } = deps;
  const now = deps.now ?? Date.now;

  const liveUserByEmail = (email: string) =>
    db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('email', '=', email)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();

  /**
   * Starts a reset without waiting for it: the caller answers at once, the same for every
   * address, so neither the answer nor its timing says whether an account has it.
   */
  function requestPasswordReset(email: string, origin: string): void {
    void (async () => {
      const user = await liveUserByEmail(email);
      if (!user) return;
      const token = await tokens.issue({ userId: user.id, purpose: 'reset', email, ttlMs: PASSWORD_RESET_TTL_MS });
      // Anyone may ask by address: no actor, the account as subject.
      await recordAccountAudit(db, { userId: user.id, actorId: null, action: 'account.password_reset_requested' });
      const url = `${origin}/reset-password/${token}`;
      await mail.send({
        to: email,
        subject: 'Reset your Jointly password',
        text: `Someone asked to reset the password of your Jointly account.\n\nSet a new password: ${url}\n\nThe link works once and expires in 30 minutes. If it was not you, ignore this email: your password has not changed.`,
        url,
      });
    })().catch((err) => logger.warn('password reset failed', { err: String(err) }));
  }

  /** Sets the password from a reset link, spends it, and ends every session of the account. */
  async function resetPassword(token: string, password: string): Promise<void> {
    const link = await tokens.consume(token, 'reset');
    if (!link) throw linkInvalid();
    const passwordHash = await hashPassword(password);
    const at = now();
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', link.userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw linkInvalid();
      // The link reached this address, so it is proven (if it is still the account's address).
      await trx
        .updateTable('users')
        .set({ email_verified_at: at })
        .where('id', '=', link.userId)
        .where('email', '=', link.email)
        .where('email_verified_at', 'is', null)
        .execute();
      // Whoever holds the link is taken to be the account's owner (the e-mail reached them).
      await recordAccountAudit(trx, {
        userId: link.userId,
        actorId: link.userId,
        action: 'account.password_reset_completed',
      });
    });
    // Other links sent before the reset are of no further use to anyone.
    await tokens.revokeAll(link.userId);
    await sessions.invalidateUserSessions(link.userId);
    await deps.onAddressVerified?.(link.userId);
  }

  /** E-mails a verification link to the account's current address (at sign-up, or asked again). */
  async function sendVerification(userId: string, origin: string): Promise<void> {
    const user = await db
      .selectFrom('users')
      .select(['email', 'email_verified_at'])
      .where('id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user || user.email_verified_at !== null) return;
    const token = await tokens.issue({ userId, purpose: 'verify', email: user.email, ttlMs: EMAIL_LINK_TTL_MS });
    const url = `${origin}/verify-email/${token}`;
    await mail.send({
      to: user.email,
      subject: 'Confirm your email address for Jointly',
      text: `Confirm that this is your email address for Jointly: ${url}\n\nThe link works once and expires in 24 hours. If you did not create a Jointly account, ignore this email.`,
      url,
    });
  }

  /** Marks the address verified from its link; the link must be for the account's current address. */
  async function verifyEmail(token: string): Promise<void> {
    const link = await tokens.consume(token, 'verify');
    if (!link) throw linkInvalid();
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({ email_verified_at: now() })
        .where('id', '=', link.userId)
        .where('email', '=', link.email)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw linkInvalid();
      await recordAccountAudit(trx, { userId: link.userId, actorId: link.userId, action: 'account.email_verified' });
    });
    await deps.onAddressVerified?.(link.userId);
  }

  /** Moves the account to the address a change link was sent to (proven by opening it). */
  async function confirmEmailChange(token: string): Promise<void> {
    const link = await tokens.consume(token, 'email_change');
    if (!link) throw linkInvalid();
    const taken = () =>
      new HttpError(409, ErrorCode.emailTaken, 'Another account has this email address now. Use a different one.');
    const other = await db.selectFrom('users').select('id').where('email', '=', link.email).executeTakeFirst();
    if (other && other.id !== link.userId) throw taken();
    try {
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('users').select('email').where('id', '=', link.userId).executeTakeFirst();
        const updated = await trx
          .updateTable('users')
          .set({ email: link.email, email_verified_at: now() })
          .where('id', '=', link.userId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw linkInvalid();
        await recordAccountAudit(trx, {
          userId: link.userId,
          actorId: link.userId,
          action: 'account.email_change_confirmed',
          detail: { from: before?.email ?? null, to: link.email },
        });
      });
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505') throw taken();
      throw err;
    }
    // Links sent to the old address (a reset, a verification) must not act on the account now.
    await tokens.revokeAll(link.userId);
    await deps.onAddressVerified?.(link.userId);
  }

  return { requestPasswordReset, resetPassword, sendVerification, verifyEmail, confirmEmailChange };
}
