import { createHmac } from 'node:crypto';

/** Bumped if the derivation ever changes: copies sealed under the old key then read as another session's. */
const PURPOSE = 'jointly offline copy key v1';

/**
 * The key a browser seals its offline copies of entries with (issue 18 item 3), derived from the
 * secret half of the session token: only the session cookie (HttpOnly, cleared at sign-out) can
 * produce it, the server stores nothing new, and another session, even of the same person, gets
 * another key. Once the session ends (sign-out, expiry, "sign out everywhere", a password reset)
 * nobody can have this key issued again, so a copy left on a shared computer stays sealed.
 * Null for a token that is not `<id>.<secret>` (requireAuth has refused those already).
 */
export function offlineCopyKeyOf(sessionToken: string): string | null {
  const [id, secret, extra] = sessionToken.split('.');
  if (!id || !secret || extra !== undefined) return null;
  return createHmac('sha256', secret).update(PURPOSE).digest('base64url');
}
