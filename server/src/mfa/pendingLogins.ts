import { ErrorCode } from '@jointly/shared';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import { PENDING_LOGIN_MAX_FAILURES, PENDING_LOGIN_TTL_MS } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';
import { generateId, generateSecret } from '../ids.ts';

export type PendingLogins = ReturnType<typeof createPendingLogins>;

const hashOf = (secret: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));

export const pendingLoginExpired = () =>
  new HttpError(401, ErrorCode.secondFactorExpired, 'Your sign-in has expired. Enter your email and password again.');

/**
 * Sign-ins whose password was right, waiting for a code: a token `<id>.<secret>` (only the
 * secret's hash stored, as sessions), five minutes, single use, dropped after a few wrong codes.
 */
export function createPendingLogins(db: Kysely<Database>, now: () => number) {
  async function begin(userId: string): Promise<string> {
    const id = generateId();
    const secret = generateSecret();
    const at = now();
    // Expired rows of anyone go here, so the table stays as small as the sign-ins in flight.
    await db.deleteFrom('pending_logins').where('expires_at', '<=', at).execute();
    await db
      .insertInto('pending_logins')
      .values({
        id,
        secret_hash: hashOf(secret),
        user_id: userId,
        failures: 0,
        created_at: at,
        expires_at: at + PENDING_LOGIN_TTL_MS,
      })
      .execute();
    return `${id}.${secret}`;
  }

  /** The user of a live pending sign-in; 401 `second_factor_expired` for anything else. */
  async function find(token: string | null): Promise<{ id: string; userId: string }> {
    const [id, secret, extra] = (token ?? '').split('.');
    if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) throw pendingLoginExpired();
    const row = await db
      .selectFrom('pending_logins')
      .select(['id', 'user_id', 'secret_hash', 'expires_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    const presented = new TextEncoder().encode(hashOf(secret));
    const stored = row ? new TextEncoder().encode(row.secret_hash) : new Uint8Array(presented.length);
    if (!row || !constantTimeEqual(presented, stored) || Number(row.expires_at) <= now()) throw pendingLoginExpired();
    return { id: row.id, userId: row.user_id };
  }

  /** A wrong code: counted; at the limit the sign-in is dropped and the password must be given again. */
  async function fail(id: string): Promise<never> {
    await db
      .updateTable('pending_logins')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const row = await db.selectFrom('pending_logins').select('failures').where('id', '=', id).executeTakeFirst();
    if (!row || row.failures >= PENDING_LOGIN_MAX_FAILURES) {
      await db.deleteFrom('pending_logins').where('id', '=', id).execute();
      throw new HttpError(
        401,
        ErrorCode.secondFactorExpired,
        'Too many wrong codes. Enter your email and password again.',
      );
    }
    const left = PENDING_LOGIN_MAX_FAILURES - row.failures;
    throw new HttpError(
      400,
      ErrorCode.invalidCode,
      `That code is not right, or was used already. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
    );
  }

  /** Used up: true for the one request that deleted it (two racing requests cannot both sign in). */
  async function finish(id: string): Promise<boolean> {
    const result = await db.deleteFrom('pending_logins').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  return { begin, find, fail, finish };
}
