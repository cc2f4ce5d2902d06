import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { generateSecret } from '../ids.ts';

/** How long a person has at the provider before the sign-in must start again. */
export const SSO_LOGIN_TTL_MS = 10 * 60 * 1000;

export type SsoLogin = { state: string; nonce: string; codeVerifier: string; nextPath: string };

const hashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * Sign-ins sent to the provider: the browser holds only a random token (HttpOnly cookie), the
 * server the state, nonce and PKCE verifier under the token's hash. Taking one deletes it, so a
 * callback works once: a replayed or second callback finds nothing.
 */
export function createSsoLogins(db: Kysely<Database>, now: () => number) {
  async function begin(login: SsoLogin): Promise<string> {
    const token = generateSecret();
    const at = now();
    // Expired rows of anyone go here, so the table stays as small as the sign-ins in flight.
    await db.deleteFrom('sso_logins').where('expires_at', '<=', at).execute();
    await db
      .insertInto('sso_logins')
      .values({
        token_hash: hashOf(token),
        state: login.state,
        nonce: login.nonce,
        code_verifier: login.codeVerifier,
        next_path: login.nextPath,
        expires_at: at + SSO_LOGIN_TTL_MS,
      })
      .execute();
    return token;
  }

  /** The live sign-in of this token, deleted as it is read; null if unknown, used or expired. */
  async function take(token: string | null): Promise<SsoLogin | null> {
    if (!token || token.length > 200) return null;
    const hash = hashOf(token);
    const row = await db
      .deleteFrom('sso_logins')
      .where('token_hash', '=', hash)
      .returning(['state', 'nonce', 'code_verifier', 'next_path', 'expires_at'])
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= now()) return null;
    return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, nextPath: row.next_path };
  }

  return { begin, take };
}
