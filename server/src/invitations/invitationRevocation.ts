import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Pending invitations that a membership change leaves without authority are revoked with it, in
 * the same transaction (issue #10 finding 12): a removed member rejoined as lead with an older
 * invitation nobody had withdrawn, and an invitation from a lead who had since been removed
 * still worked. Accepting a revoked invitation answers 410 invitation_revoked.
 */

/**
 * A member is removed: the invitations sent to their address for this entry (so an older one
 * cannot readmit them) and the invitations they sent (their authority to invite went with them).
 * Returns how many were revoked.
 */
export async function revokeOnRemoval(
  trx: Kysely<Database>,
  change: { entryId: string; userId: string; at: number },
): Promise<number> {
  const user = await trx.selectFrom('users').select('email').where('id', '=', change.userId).executeTakeFirst();
  const result = await pending(trx, change)
    .where((eb) =>
      user
        ? eb.or([eb('email', '=', user.email), eb('invited_by', '=', change.userId)])
        : eb('invited_by', '=', change.userId),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A lead becomes a contributor or a viewer: the invitations they sent are revoked, since only a
 * lead may invite (PRODUCT §4) and an invitation acts with its sender's authority when accepted.
 * Returns how many were revoked.
 */
export async function revokeSentBy(
  trx: Kysely<Database>,
  change: { entryId: string; userId: string; at: number },
): Promise<number> {
  const result = await pending(trx, change).where('invited_by', '=', change.userId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The update that revokes this entry's still-usable invitations (accepted, revoked or expired ones stay as they are). */
function pending(trx: Kysely<Database>, change: { entryId: string; at: number }) {
  return trx
    .updateTable('invitations')
    .set({ revoked_at: change.at })
    .where('entry_id', '=', change.entryId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', change.at);
}
