import type { OrganisationKind } from '@jointly/shared';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Kysely } from 'kysely';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, SESSION_TOUCH_INTERVAL_MS } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import type { AuthContext } from '../http/AppEnv.ts';
import { generateId, generateSecret } from '../ids.ts';

export type SessionService = ReturnType<typeof createSessionService>;

function hashSecret(secret: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

/**
 * Sessions in Lucia's design: the token is `<id>.<secret>`; the database
 * keeps the id and a SHA-256 of the secret, compared in constant time, so a
 * leaked table cannot be replayed as cookies (RELIABILITY D33).
 */
export function createSessionService(db: Kysely<Database>, events: EventBus, now: () => number = Date.now) {
  async function createSession(userId: string): Promise<{ token: string; sessionId: string }> {
    const id = generateId();
    const secret = generateSecret();
    const at = now();
    await db
      .insertInto('sessions')
      .values({ id, user_id: userId, secret_hash: hashSecret(secret), created_at: at, last_active_at: at })
      .execute();
    return { token: `${id}.${secret}`, sessionId: id };
  }

  async function validateToken(token: string): Promise<AuthContext | null> {
    const [id, secret, extra] = token.split('.');
    if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'sessions.id as sessionId',
        'sessions.secret_hash as secretHash',
        'sessions.created_at as createdAt',
        'sessions.last_active_at as lastActiveAt',
        'users.id as userId',
        'users.email as email',
        'users.name as userName',
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
    };
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

  return { createSession, validateToken, invalidateSession, invalidateUserSessions };
}
