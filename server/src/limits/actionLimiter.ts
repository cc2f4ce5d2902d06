import { ErrorCode } from '@jointly/shared';
import {
  COMMENT_LIMIT_PER_ACCOUNT,
  COMMENT_LIMIT_PER_ORGANISATION,
  EMAIL_LIMIT_PER_ORGANISATION,
  EMAIL_LIMIT_PER_SENDER,
  ENTRY_LIMIT_PER_ACCOUNT,
  ENTRY_LIMIT_PER_ORGANISATION,
  INVITATION_EMAILS_PER_RECIPIENT,
  INVITATION_LIMIT_PER_ACCOUNT,
  INVITATION_LIMIT_PER_ORGANISATION,
  MENTION_EMAILS_PER_RECIPIENT,
  REVIEW_REQUEST_LIMIT_PER_ACCOUNT,
  REVIEW_REQUEST_LIMIT_PER_ORGANISATION,
  SECOND_FACTOR_LIMIT_PER_ACCOUNT,
  SUGGESTION_LIMIT_PER_ACCOUNT,
  SUGGESTION_LIMIT_PER_ORGANISATION,
  VERSION_NAME_LIMIT_PER_ACCOUNT,
  VERSION_NAME_LIMIT_PER_ORGANISATION,
} from '../config.ts';
import { HttpError } from '../http/HttpError.ts';
import type { Draw, LimitStore } from './limitStore.ts';

/** Whose action it is: the signed-in person and their organisation. */
export type Actor = { userId: string; organisationId: string };

export type ActionLimiter = ReturnType<typeof createActionLimiter>;

/**
 * The limits per account and per organisation on what costs the server or other people something
 * (issue 10 findings 8 and 9, RELIABILITY G50): creating entries, comments and invitations, and the
 * emails they send. Routes call these before they create anything; over a limit they answer 429
 * `rate_limited` with `Retry-After`, having created nothing and spent nothing from the other buckets.
 */
export function createActionLimiter(store: LimitStore) {
  const mine = (name: string, actor: Actor, account: Draw['rule'], organisation: Draw['rule']): Draw[] => [
    { name: `${name}:account`, key: actor.userId, rule: account },
    { name: `${name}:organisation`, key: actor.organisationId, rule: organisation },
  ];
  const emails = (actor: Actor) => mine('email', actor, EMAIL_LIMIT_PER_SENDER, EMAIL_LIMIT_PER_ORGANISATION);
  /** Addresses differ in case only in the local part, and nobody relies on that. */
  const address = (email: string) => email.trim().toLowerCase();

  async function require(draws: Draw[], doing: string): Promise<void> {
    const waitMs = await store.take(draws);
    if (waitMs > 0) throw rateLimited(waitMs, doing);
  }

  return {
    /** POST /api/entries. */
    entryCreated: (actor: Actor) =>
      require(mine('entry', actor, ENTRY_LIMIT_PER_ACCOUNT, ENTRY_LIMIT_PER_ORGANISATION), 'created many entries'),

    /** A new comment thread or a reply. */
    commentPosted: (actor: Actor) =>
      require(mine(
        'comment',
        actor,
        COMMENT_LIMIT_PER_ACCOUNT,
        COMMENT_LIMIT_PER_ORGANISATION,
      ), 'posted many comments'),

    /** A suggestion the server writes for its author (suggestions/viewerSuggestionService.ts, C-SUGGEST-5). */
    suggestionMade: (actor: Actor) =>
      require(mine(
        'suggestion',
        actor,
        SUGGESTION_LIMIT_PER_ACCOUNT,
        SUGGESTION_LIMIT_PER_ORGANISATION,
      ), 'suggested many changes'),

    /** A named version of a section (any member, viewers too: history/historyService.ts). */
    versionNamed: (actor: Actor) =>
      require(mine(
        'version-name',
        actor,
        VERSION_NAME_LIMIT_PER_ACCOUNT,
        VERSION_NAME_LIMIT_PER_ORGANISATION,
      ), 'named many versions'),

    /** A section marked ready for review (notifications/reviewRequests.ts): each one notifies every lead. */
    reviewRequested: (actor: Actor) =>
      require(mine(
        'review-request',
        actor,
        REVIEW_REQUEST_LIMIT_PER_ACCOUNT,
        REVIEW_REQUEST_LIMIT_PER_ORGANISATION,
      ), 'asked for review many times'),

    /**
     * An invitation, and its email when one is sent: the invitation buckets, the sender's and the
     * organisation's email buckets, and the recipient's (a few invitation emails a day per address).
     */
    invitationCreated: (actor: Actor, recipient: string, emailed: boolean) =>
      require([
        ...mine('invitation', actor, INVITATION_LIMIT_PER_ACCOUNT, INVITATION_LIMIT_PER_ORGANISATION),
        ...(emailed
          ? [
              ...emails(actor),
              { name: 'invitation-email:recipient', key: address(recipient), rule: INVITATION_EMAILS_PER_RECIPIENT },
            ]
          : []),
      ], emailed ? 'sent many invitations, or this address has had several today' : 'sent many invitations'),

    /** A two-factor code tried for an account (mfa/): counted before it is checked, right or wrong. */
    secondFactorTried: (userId: string) =>
      require([
        { name: 'second-factor:account', key: userId, rule: SECOND_FACTOR_LIMIT_PER_ACCOUNT },
      ], 'tried many codes'),

    /**
     * May a mention email go to `recipient`? Not a refusal of the comment, which is stored and shows in
     * the entry either way: over a limit the email is just not sent.
     */
    async mentionEmailAllowed(actor: Actor, recipient: string): Promise<boolean> {
      const draws = [
        ...emails(actor),
        { name: 'mention-email:recipient', key: address(recipient), rule: MENTION_EMAILS_PER_RECIPIENT },
      ];
      return (await store.take(draws)) === 0;
    },
  };
}

/** 429 `rate_limited` with `Retry-After` in whole seconds (at least 1). */
export function rateLimited(waitMs: number, doing: string): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpError(
    429,
    ErrorCode.rateLimited,
    `You have ${doing} in a short time. Try again in ${describeWait(seconds)}.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}
