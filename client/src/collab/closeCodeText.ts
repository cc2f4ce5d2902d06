import { CloseCode } from '@jointly/shared';

/**
 * The one table of what a person is told when the collaboration socket closes,
 * keyed by close code (shared/closeCodes.ts, plus 1006 which only browsers
 * produce). The connection state machine decides *whether* to retry from
 * TERMINAL_CLOSE_CODES; this table only says what it means to a person.
 */

/** What the connection bar offers after a close. */
export type CloseAction =
  /** Sign in again and come back to this page. */
  | 'signIn'
  /** Go back to the list of entries (access is gone). */
  | 'leave'
  /** Throw away this browser's offline copy and reload (it is refused by the server). */
  | 'resetLocalCopy'
  /** Set up two-factor sign-in (the organisation requires it), then come back to this page. */
  | 'setUpTwoFactor';

export type CloseCodeText = {
  /** Short status for the connection bar. */
  headline: string;
  /** What happened and what to do, in plain English. */
  detail: string;
  action: CloseAction | null;
  /**
   * With `resetLocalCopy`: what the page says once the copy is gone, with the discarded text
   * offered to copy from. Absent: nothing is said or offered (a copy holding another account's
   * changes is not shown to whoever uses the browser now).
   */
  afterDiscard?: string;
};

/** RFC 6455 "abnormal closure": never sent on the wire, reported by the browser when a socket drops or an upgrade is refused. */
export const ABNORMAL_CLOSURE = 1006;

const RECONNECTING = 'Reconnecting…';

export const CLOSE_CODE_TEXT: Readonly<Record<number, CloseCodeText>> = {
  [CloseCode.normal]: {
    headline: RECONNECTING,
    detail: 'The connection was closed. Your edits are kept on this device while Jointly reconnects.',
    action: null,
  },
  [CloseCode.goingAway]: {
    headline: RECONNECTING,
    detail: 'Jointly is restarting. Your edits are kept on this device while it reconnects.',
    action: null,
  },
  [ABNORMAL_CLOSURE]: {
    headline: RECONNECTING,
    detail: 'The connection to Jointly was lost. Your edits are kept on this device while it reconnects.',
    action: null,
  },
  [CloseCode.invalidPayload]: {
    headline: RECONNECTING,
    detail: 'Jointly could not read a change sent from this browser. If this keeps happening, reload the page.',
    action: null,
  },
  [CloseCode.policyViolation]: {
    headline: RECONNECTING,
    detail: 'Jointly refused a message from this browser. If this keeps happening, reload the page.',
    action: null,
  },
  [CloseCode.messageTooBig]: {
    headline: RECONNECTING,
    detail: 'A change was too large to save, for example a very long paste. Undo it, or paste less at a time.',
    action: null,
  },
  [CloseCode.internalError]: {
    headline: RECONNECTING,
    detail: 'Jointly has a problem saving changes. Your edits are kept on this device while it tries again.',
    action: null,
  },
  [CloseCode.serviceRestart]: {
    headline: RECONNECTING,
    detail: 'Jointly is restarting. Your edits are kept on this device while it reconnects.',
    action: null,
  },
  [CloseCode.processingTimeout]: {
    headline: RECONNECTING,
    detail: 'Jointly took too long to process a change. Your edits are kept on this device while it tries again.',
    action: null,
  },
  [CloseCode.roleChanged]: {
    headline: RECONNECTING,
    detail: 'Your role on this entry has changed. Jointly is reconnecting with your new role.',
    action: null,
  },
  [CloseCode.entryStatusChanged]: {
    headline: RECONNECTING,
    detail: 'This entry has been submitted or reopened. Jointly is reconnecting to show it as it now is.',
    action: null,
  },
  [CloseCode.sessionEnded]: {
    headline: 'Signed out',
    detail:
      'Your session has ended, so changes can no longer be saved. Sign in again to carry on: edits you made are kept on this device.',
    action: 'signIn',
  },
  [CloseCode.twoFactorEnrolmentRequired]: {
    headline: 'Two-factor authentication needed',
    detail:
      'Your organisation now requires two-factor authentication, so changes can no longer be saved. Set it up to carry on: edits you made are kept on this device.',
    action: 'setUpTwoFactor',
  },
  [CloseCode.accessRemoved]: {
    headline: 'Access removed',
    detail: 'You no longer have access to this entry. Ask a lead on the entry if you think this is a mistake.',
    action: 'leave',
  },
  [CloseCode.updateRefused]: {
    headline: 'Change not saved',
    detail:
      'Jointly refused your last change: it would make a section longer than the entry allows, or it holds content an entry cannot contain. Copy anything you need from this page, then discard this browser’s copy to carry on.',
    action: 'resetLocalCopy',
    afterDiscard:
      'Jointly refused a change in this browser’s copy, so the copy was discarded and the entry loaded again as it is saved.',
  },
  [CloseCode.forgedClientId]: {
    headline: 'Not connected',
    detail:
      'This browser holds a copy of the entry with changes made under another account, so Jointly refused it. Discard this browser’s copy to carry on.',
    action: 'resetLocalCopy',
  },
};

const UNKNOWN_CLOSE: CloseCodeText = {
  headline: RECONNECTING,
  detail: 'The connection to Jointly was interrupted. Your edits are kept on this device while it reconnects.',
  action: null,
};

/** The text for a close code; codes we do not know get a generic "reconnecting" message. */
export function closeCodeText(code: number): CloseCodeText {
  return CLOSE_CODE_TEXT[code] ?? UNKNOWN_CLOSE;
}
