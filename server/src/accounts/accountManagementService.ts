import { type AccountSessionDto, EMAIL_LINK_TTL_MS, ErrorCode } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAccountAudit } from '../audit/auditLog.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { Database } from '../db/schema.ts';
import { withEntryLocked } from '../entries/entryLock.ts';
import type { EventBus } from '../events/eventBus.ts';
import { HttpError } from '../http/HttpError.ts';
import { revokeOnRemoval } from '../invitations/invitationRevocation.ts';
import { isoTime } from '../isoTime.ts';
import { formerMemberOf } from '../people/actorOf.ts';
import type { AccountMail } from './accountMail.ts';
import type { AccountTokens } from './accountTokens.ts';

export type AccountManagementService = ReturnType<typeof createAccountManagementService>;

/** 400 `validation_failed` naming one field, as the forms show it. */
const fieldError = (path: string, message: string) =>
  new HttpError(400, ErrorCode.validation, message, [{ path, message }]);

const lastLead = () =>
  new HttpError(
    409,
    ErrorCode.lastLead,
    'You are the only lead of an entry. Make someone else a lead of it before you delete your account.',
  );

/** What a signed-in person changes about their own account (issue 15). */
export function createAccountManagementService(deps: {
  db: Kysely<Database>;
  tokens: AccountTokens;
  mail: AccountMail;
  events: EventBus;
  now?: () => number;
}) {
  const { db, tokens, mail, events } = deps;
  const now = deps.now ?? Date.now;

  /** Checks the current password; a wrong one is a field error of the form, not a sign-out. */
  async function checkPassword(userId: string, password: string): Promise<void> {
    const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    if (!user || !(await verifyPassword(user.password_hash, password))) {
      throw fieldError('currentPassword', 'Your current password is not right');
    }
  }

  /** Ends the account's sessions but `keep` (or all of them), and closes their live sockets. */
  async function endSessions(userId: string, keep: string | null): Promise<void> {
    let query = db.selectFrom('sessions').select('id').where('user_id', '=', userId);
    if (keep) query = query.where('id', '!=', keep);
    const ids = (await query.execute()).map((row) => row.id);
    if (ids.length === 0) return;
    await db.deleteFrom('sessions').where('id', 'in', ids).execute();
    events.publish('sessionsRevoked', { userId, sessionIds: ids });
  }

  async function changeName(userId: string, name: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      if (!before || before.name === name) return;
      await trx.updateTable('users').set({ name }).where('id', '=', userId).execute();
      await recordAccountAudit(trx, {
        userId,
        actorId: userId,
        action: 'account.name_changed',
        detail: { from: before.name, to: name },
      });
    });
  }

  /** A new password; every other session ends, this one stays signed in. */
  async function changePassword(userId: string, sessionId: string, current: string, next: string): Promise<void> {
    await checkPassword(userId, current);
    const passwordHash = await hashPassword(next);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
      await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.password_changed' });
    });
    await tokens.revokeAll(userId);
    await endSessions(userId, sessionId);
  }

  /** Sends a confirmation link to the new address; the account keeps the old one until it is opened. */
  async function requestEmailChange(userId: string, current: string, email: string, origin: string): Promise<void> {
    await checkPassword(userId, current);
    const other = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (other?.id === userId) {
      throw fieldError('email', 'This is already your email address');
    }
    if (other) throw new HttpError(409, ErrorCode.emailTaken, 'Another account has this email address.');
    const token = await tokens.issue({ userId, purpose: 'email_change', email, ttlMs: EMAIL_LINK_TTL_MS });
    await recordAccountAudit(db, {
      userId,
      actorId: userId,
      action: 'account.email_change_requested',
      detail: { to: email },
    });
    const url = `${origin}/confirm-email/${token}`;
    await mail.send({
      to: email,
      subject: 'Confirm your new email address for Jointly',
      text: `Confirm that Jointly should use this address for your account: ${url}\n\nUntil you do, your old address keeps working. The link works once and expires in 24 hours. If you did not ask for this, ignore this email.`,
      url,
    });
  }

  async function listSessions(userId: string, currentSessionId: string): Promise<AccountSessionDto[]> {
    const rows = await db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_active_at'])
      .where('user_id', '=', userId)
      .orderBy('last_active_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      createdAt: isoTime(Number(row.created_at)),
      lastActiveAt: isoTime(Number(row.last_active_at)),
      // Sessions do not record the browser (auth/sessionService.ts); the field is there for when they do.
      userAgent: null,
      current: row.id === currentSessionId,
    }));
  }

  /** Signs one of the account's own sessions out; another person's session id is 404, as an unknown one. */
  async function endSession(userId: string, sessionId: string): Promise<void> {
    const row = await db
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, ErrorCode.notFound, 'Session not found.');
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
      await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.session_signed_out' });
    });
    events.publish('sessionsRevoked', { userId, sessionIds: [sessionId] });
  }

  async function endOtherSessions(userId: string, sessionId: string): Promise<void> {
    await endSessions(userId, sessionId);
    await recordAccountAudit(db, { userId, actorId: userId, action: 'account.other_sessions_signed_out' });
  }

  /**
   * Deletes the account: its memberships go (refused with 409 `last_lead` while it is an entry's
   * only lead), its sessions end, and its row stays, renamed "Former member of <organisation>"
   * with the address and password removed, so what it contributed stays attributed.
   */
  async function deleteAccount(userId: string, current: string): Promise<void> {
    await checkPassword(userId, current);
    const memberships = await db
      .selectFrom('memberships')
      .select(['entry_id', 'role'])
      .where('user_id', '=', userId)
      .execute();
    const leadCount = (trx: Kysely<Database>, entryId: string) =>
      trx
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entry_id', '=', entryId)
        .where('role', '=', 'lead')
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    // Checked for every entry before anything changes, so a refusal leaves the account whole.
    for (const m of memberships) {
      if (m.role === 'lead' && (await leadCount(db, m.entry_id)) <= 1) throw lastLead();
    }
    const left: string[] = [];
    for (const m of memberships) {
      // Under the entry's lock, as every membership change: a concurrent demotion is seen here.
      await withEntryLocked(db, m.entry_id, async (trx) => {
        const role = await trx
          .selectFrom('memberships')
          .select('role')
          .where('entry_id', '=', m.entry_id)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!role) return;
        if (role.role === 'lead' && (await leadCount(trx, m.entry_id)) <= 1) throw lastLead();
        await trx.deleteFrom('memberships').where('entry_id', '=', m.entry_id).where('user_id', '=', userId).execute();
        await revokeOnRemoval(trx, { entryId: m.entry_id, userId, at: now() });
      });
      left.push(m.entry_id);
    }
    const user = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['organisations.name as organisationName'])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      // Recorded first, against the organisation it belonged to; the record stays, naming it by
      // the "Former member of …" name from here on.
      await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.deleted' });
      await trx
        .updateTable('users')
        .set({
          name: formerMemberOf(user.organisationName),
          // An address nobody can receive mail at (RFC 2606 .invalid), unique by the id: the real one is
          // free to sign up again, and no link or sign-in can reach this row.
          email: `deleted-${userId}@deleted.invalid`,
          password_hash: '!',
          email_verified_at: null,
          deleted_at: now(),
        })
        .where('id', '=', userId)
        .execute();
    });
    await tokens.revokeAll(userId);
    await endSessions(userId, null);
    for (const entryId of left) events.publish('membershipChanged', { entryId, userId, role: null });
  }

  return { changeName, changePassword, requestEmailChange, listSessions, endSession, endOtherSessions, deleteAccount };
}
