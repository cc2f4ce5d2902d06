import { CloseCode, CloseReason, type EntryStatus, type Role } from '@jointly/shared';
import type { Logger } from '../logger.ts';
import type { CollabAuth, CollabConnection } from './CollabConnection.ts';

export type RecheckDeps = {
  sessions: { validateToken(token: string): Promise<CollabAuth | null> };
  entries: {
    roleOf(entryId: string, userId: string): Promise<Role | null>;
    statusOf(entryId: string): Promise<EntryStatus | null>;
    finalistOpenOf?(entryId: string): Promise<boolean>;
  };
};

/**
 * C-REVOKE-4: every live socket's session is validated again (once per
 * session token) and its membership re-read; each loaded room's entry status
 * (and whether its finalist stage is open, C-WRITE-5) is refreshed. C-REVOKE-5: a session now held to setting up two-factor
 * sign-in closes 4428. A database that does not answer keeps what was known.
 */
export async function recheckLiveSockets(
  connections: Iterable<CollabConnection>,
  rooms: Iterable<{ entryId: string; status: EntryStatus | null; finalistOpen: boolean }>,
  deps: RecheckDeps,
  logger: Logger,
): Promise<void> {
  const byToken = new Map<string, CollabConnection[]>();
  for (const c of connections) {
    if (c.closed) continue;
    byToken.set(c.token, [...(byToken.get(c.token) ?? []), c]);
  }
  for (const [token, group] of byToken) {
    try {
      const auth = await deps.sessions.validateToken(token);
      for (const c of group) {
        if (!auth) {
          c.close(CloseCode.sessionEnded, CloseReason.sessionEnded);
          continue;
        }
        if (auth.twoFactorEnrolmentRequired) {
          // C-REVOKE-5: the organisation required two-factor sign-in since this socket opened.
          c.close(CloseCode.twoFactorEnrolmentRequired, CloseReason.twoFactorEnrolmentRequired);
          continue;
        }
        const role = await deps.entries.roleOf(c.entryId, c.userId);
        if (!role) c.close(CloseCode.accessRemoved, CloseReason.accessRemoved);
        else if (c.role !== role) c.changeRole(role);
      }
    } catch (err) {
      logger.warn('collab session recheck failed; will retry', { err: String(err) });
    }
  }
  for (const room of rooms) {
    try {
      room.status = await deps.entries.statusOf(room.entryId);
      if (deps.entries.finalistOpenOf) room.finalistOpen = await deps.entries.finalistOpenOf(room.entryId);
    } catch {
      // Keep the last known status until the database answers again.
    }
  }
}
