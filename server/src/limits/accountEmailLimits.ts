import { rateLimited } from './actionLimiter.ts';
import type { LimitRule, LimitStore } from './limitStore.ts';

/**
 * Account e-mails (issue 15, RELIABILITY D31, G50): password reset, verification and email change
 * links, limited per address, per account and per IP in the same store as the action limits
 * (shared through Redis in scaled mode). A refusal is 429 with Retry-After, before anything is
 * sent; the per-address bucket is drawn whether or not an account has the address, so the limit
 * reveals nothing about which addresses are registered.
 */

/** Links one address receives: a few (a lost mail, a second try), then one every 20 minutes. */
export const ACCOUNT_EMAILS_PER_ADDRESS: LimitRule = { capacity: 3, refillMs: 20 * 60 * 1000 };
/** Links one signed-in account asks for (verification again, email change). */
export const ACCOUNT_EMAILS_PER_ACCOUNT: LimitRule = { capacity: 5, refillMs: 12 * 60 * 1000 };
/** Links asked for from one IP: an office behind one NAT address resets a few passwords a day. */
export const ACCOUNT_EMAILS_PER_IP: LimitRule = { capacity: 20, refillMs: 3 * 60 * 1000 };

/**
 * Current-password checks of a signed-in account (password and email change, deletion): a stolen
 * session must not become an online guessing oracle for the password. 10 at once, then one a minute.
 */
export const PASSWORD_CHECKS_PER_ACCOUNT: LimitRule = { capacity: 10, refillMs: 60 * 1000 };

export type AccountEmailLimits = ReturnType<typeof createAccountEmailLimits>;

export function createAccountEmailLimits(store: LimitStore) {
  return {
    /** Throws 429 `rate_limited` when `address`, `userId` (if signed in) or `ip` has asked for too many links. */
    async linkRequested(
      kind: 'reset' | 'verify' | 'email_change',
      who: { address: string; userId?: string; ip?: string },
    ) {
      const waitMs = await store.take([
        {
          name: `account-email:${kind}:address`,
          key: who.address.trim().toLowerCase(),
          rule: ACCOUNT_EMAILS_PER_ADDRESS,
        },
        ...(who.ip ? [{ name: 'account-email:ip', key: who.ip, rule: ACCOUNT_EMAILS_PER_IP }] : []),
        ...(who.userId ? [{ name: 'account-email:account', key: who.userId, rule: ACCOUNT_EMAILS_PER_ACCOUNT }] : []),
      ]);
      if (waitMs > 0) throw rateLimited(waitMs, 'asked for several emails');
    },

    /** Throws 429 `rate_limited` when the account has had its current password checked too often. */
    async passwordChecked(userId: string) {
      const waitMs = await store.take([
        { name: 'password-check:account', key: userId, rule: PASSWORD_CHECKS_PER_ACCOUNT },
      ]);
      if (waitMs > 0) throw rateLimited(waitMs, 'tried your password many times');
    },
  };
}
