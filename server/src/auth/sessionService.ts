import type { OrganisationKind } from '@jointly/shared';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Kysely } from 'kysely';
import { recordAccountAudit } from '../audit/auditLog.ts';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, SESSION_TOUCH_INTERVAL_MS } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import type { AuthContext } from '../http/AppEnv.ts';
import { generateId, generateSecret } from '../ids.ts';
import { mustEnrolTwoFactor } from './twoFactorEnrolment.ts';

export type SessionService = ReturnType<typeof createSessionService>;

/** How a session was signed in (sessions.sign_in_method): single sign-on meets a two-factor requirement. */
export type SignInMethod = 'password' | 'two_factor' | 'sso';

function hashSecret(secret: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

/**
 * Sessions in Lucia's design: the token is `<id>.<secret>`; the database
 * keeps the id and a SHA-256 of the secret, compared in constant time, so a
 * leaked table cannot be replayed as cookies (RELIABILITY D33).
 */
export function createSessionService(db: Kysely<Database>, events: EventBus, now: () => number = Date.now) {
  /**
   * A new session, and `account.signed_in` in the audit log in the same transaction (unless the
   * caller records something else for it, as sign-up does).
   */
  async function createSession(
    userId: string,
    method: SignInMethod = 'password',
    options: { recordSignIn?: boolean } = {},
  ): Promise<{ token: string; sessionId: string }> {
    const id = generateId();
    const secret = generateSecret();
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id,
          user_id: userId,
          secret_hash: hashSecret(secret),
          created_at: at,
          last_active_at: at,
          sign_in_method: method,
        })
        .execute();
      if (options.recordSignIn !== false) {
        await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.signed_in', detail: { method }, at });
      }
    });
    return { token: `${id}.${secret}`, sessionId: id };
  }

  async function validateToken(token: string): Promise<AuthContext | null> {
    const [id, secret, extra] = token.split('.');
    if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      // Read with the session on every request, so a requirement switched on, or TOTP set up,
      // counts from the next request on, at the cost of one primary-key join.
      .leftJoin('two_factor', 'two_factor.user_id', 'users.id')
      .select([
        'sessions.id as sessionId',
        'sessions.sign_in_method as signInMethod',
        'organisations.require_mfa as requireMfa',
        'two_factor.enabled_at as twoFactorEnabledAt',
        'sessions.secret_hash as secretHash',
        'sessions.created_at as createdAt',
        'sessions.last_active_at as lastActiveAt',
        'users.id as userId',
        'users.email as email',
        'users.name as userName',
        'users.email_verified_at as emailVerifiedAt',
        'users.organisation_status as organisationStatus',
        'users.organisation_role as organisationRole',
        'organisations.id as organisationId',
        'organisations.name as organisationName',
        'organisations.kind as organisationKind',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    // Hash and compare even when no row exists, so both paths cost the same.
    const presented = hashSecret(secret);
    const stored = row ? new Uint8Array(row.secretHash) : new Uint8Array(presented.length);
    const matches = constantTimeEqual(new Uint8Array(presented), stored);
    if (!row || !matches) return null;

    const at = now();
    const expired =
      at - row.lastActiveAt >= SESSION_IDLE_TIMEOUT_MS ||
      at - row.createdAt >= SESSION_ABSOLUTE_TIMEOUT_MS ||
      // A clock that stepped backwards must not extend a session (RELIABILITY L77).
      row.lastActiveAt - at > SESSION_TOUCH_INTERVAL_MS;
    if (expired) {
      await db.deleteFrom('sessions').where('id', '=', row.sessionId).execute();
      return null;
    }
    if (at - row.lastActiveAt >= SESSION_TOUCH_INTERVAL_MS) {
      await db.updateTable('sessions').set({ last_active_at: at }).where('id', '=', row.sessionId).execute();
    }
    return {
      sessionId: row.sessionId,
      user: { id: row.userId, email: row.email, name: row.userName },
      organisation: {
        id: row.organisationId,
        name: row.organisationName,
        kind: row.organisationKind as OrganisationKind,
      },
      emailVerified: row.emailVerifiedAt !== null,
      organisationStatus: row.organisationStatus,
      organisationRole: row.organisationRole,
      signInMethod: row.signInMethod,
      twoFactorEnrolmentRequired: mustEnrolTwoFactor({
        organisationRequires: Number(row.requireMfa) === 1,
        signInMethod: row.signInMethod,
        twoFactorOn: row.twoFactorEnabledAt != null,
      }),
    };
  }

  /** For a sign-in's answer: whether a new session of this kind for this account is held to set-up. */
  async function twoFactorEnrolmentRequired(userId: string, method: SignInMethod): Promise<boolean> {
    const row = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .leftJoin('two_factor', 'two_factor.user_id', 'users.id')
      .select(['organisations.require_mfa as requireMfa', 'two_factor.enabled_at as twoFactorEnabledAt'])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    return mustEnrolTwoFactor({
      organisationRequires: Number(row?.requireMfa) === 1,
      signInMethod: method,
      twoFactorOn: row?.twoFactorEnabledAt != null,
    });
  }

  async function invalidateSession(sessionId: string, userId: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    events.publish('sessionsRevoked', { userId, sessionIds: [sessionId] });
  }

  /** Ends every session of a user (password change, account compromise). */
  async function invalidateUserSessions(userId: string): Promise<void> {
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    events.publish('sessionsRevoked', { userId });
  }

  return { createSession, validateToken, invalidateSession, invalidateUserSessions, twoFactorEnrolmentRequired };
}
