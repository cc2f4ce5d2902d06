import { ErrorCode } from '@jointly/shared';
import { HttpError } from '../http/HttpError.ts';

/**
 * A token bucket's size and refill, and the store that keeps them (limits/limitStore.ts: in memory,
 * or shared through Redis in scaled mode). Stated here, not imported: limits/ reaches scale/, which
 * reaches auth/, which places new accounts through this folder.
 */
export type LimitRule = { readonly capacity: number; readonly refillMs: number };
type LimitStore = {
  take(draws: { name: string; key: string; rule: LimitRule }[]): Promise<number>;
};

/**
 * The sign-up picker's searches from one IP (public: no account yet). A person types a few
 * searches a minute; this stops a script reading out the directory fast, not a person.
 */
export const ORGANISATION_SEARCHES_PER_IP: LimitRule = { capacity: 60, refillMs: 1000 };
/**
 * E-mails to an organisation's admins about people waiting for confirmation. Sign-ups are limited
 * per IP already; this bounds what sign-ups from many addresses can send one organisation's admins.
 * Past it the join still happens and shows on the organisation page and in My tasks.
 */
export const PENDING_MEMBER_EMAILS_PER_ORGANISATION: LimitRule = { capacity: 10, refillMs: 30 * 60 * 1000 };

/**
 * Moves of one account to another organisation (PUT /api/me/organisation). A person corrects a
 * wrong pick once or twice; each move may alert an organisation's admins and rewrites the person's
 * entry memberships, so a script moving back and forth is stopped early.
 */
export const ORGANISATION_MOVES_PER_ACCOUNT: LimitRule = { capacity: 5, refillMs: 60 * 60 * 1000 };

export type OrganisationLimits = ReturnType<typeof createOrganisationLimits>;

/** In the same store as the other limits (shared through Redis in scaled mode). */
export function createOrganisationLimits(store: LimitStore) {
  return {
    /** Throws 429 `rate_limited` when this IP has searched too often. */
    async searched(ip: string): Promise<void> {
      const waitMs = await store.take([
        { name: 'organisation-search:ip', key: ip, rule: ORGANISATION_SEARCHES_PER_IP },
      ]);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new HttpError(
          429,
          ErrorCode.rateLimited,
          `You have searched for organisations many times in a short time. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
          undefined,
          { 'Retry-After': String(seconds) },
        );
      }
    },
    /** Throws 429 `rate_limited` when this account has moved organisation too often. */
    async moved(userId: string): Promise<void> {
      const waitMs = await store.take([
        { name: 'organisation-move:user', key: userId, rule: ORGANISATION_MOVES_PER_ACCOUNT },
      ]);
      if (waitMs > 0) {
        const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
        throw new HttpError(
          429,
          ErrorCode.rateLimited,
          `You have changed organisation several times in a short time. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          undefined,
          { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
        );
      }
    },
    /** Whether the admins of this organisation may be e-mailed about one more pending member now. */
    async mayEmailAdmins(organisationId: string): Promise<boolean> {
      const waitMs = await store.take([
        { name: 'organisation-pending-email', key: organisationId, rule: PENDING_MEMBER_EMAILS_PER_ORGANISATION },
      ]);
      return waitMs === 0;
    },
  };
}
