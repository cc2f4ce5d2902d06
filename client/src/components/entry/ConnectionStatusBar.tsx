import { useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { authPath } from '../../auth/safeNextPath.ts';
import { describeConnection } from '../../collab/describeConnection.ts';
import type { EntryCollabSession } from '../../collab/EntryCollabSession.ts';
import { useConnectionState } from '../../collab/useEntryCollabSession.ts';
import { useStickyHeight } from '../../hooks/useStickyHeight.ts';
import { twoFactorEnrolmentPath } from '../layout/TwoFactorEnrolmentGate.tsx';

type ConnectionStatusBarProps = {
  session: EntryCollabSession | null;
  /**
   * Discards this browser's copy of the entry and starts again from the server's (after the server
   * refused it); `notice` is what to tell the person afterwards, if anything.
   */
  onResetLocalCopy: (notice: string | null) => void;
};

/** What screen readers hear: connection changes, not every save while typing. */
function announcement(key: string, label: string, detail: string): string {
  if (key === 'saved' || key === 'saving' || key === 'syncing') return 'Connected. Changes are saved as you type.';
  if (key === 'connecting') return '';
  return detail ? `${label} ${detail}` : label;
}

/**
 * The entry's connection state, always on screen (sticky): connecting,
 * syncing, saving, saved (the server acknowledged everything), reconnecting,
 * offline with edits kept, or stopped with the reason and what to do.
 * `data-connection` carries the machine state for tests.
 */
export function ConnectionStatusBar({ session, onResetLocalCopy }: ConnectionStatusBarProps) {
  const location = useLocation();
  const state = useConnectionState(session);
  const description = state
    ? describeConnection(state)
    : { key: 'connecting' as const, label: 'Connecting…', detail: '', tone: 'progress' as const, action: null };
  const here = `${location.pathname}${location.search}`;
  const bar = useRef<HTMLElement>(null);
  useStickyHeight(bar);

  return (
    <>
      <section
        ref={bar}
        className={`jointly-connection jointly-connection--${description.tone}`}
        aria-label="Connection status"
        data-connection={description.key}
      >
        <p className="jointly-connection__label">
          <span className="jointly-connection__dot" aria-hidden="true" />
          <strong>{description.label}</strong>
          {description.detail && description.key !== 'saved' ? (
            <span className="jointly-connection__detail"> {description.detail}</span>
          ) : null}
        </p>
        {description.action === 'signIn' ? (
          <Link className="nhsuk-button nhsuk-button--small jointly-connection__action" to={authPath('/signin', here)}>
            Sign in again
          </Link>
        ) : null}
        {description.action === 'setUpTwoFactor' ? (
          <Link
            className="nhsuk-button nhsuk-button--small jointly-connection__action"
            to={twoFactorEnrolmentPath(here)}
          >
            Set up two-factor authentication
          </Link>
        ) : null}
        {description.action === 'leave' ? (
          <Link className="nhsuk-button nhsuk-button--small jointly-connection__action" to="/">
            Go to your entries
          </Link>
        ) : null}
        {description.action === 'resetLocalCopy' ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--small nhsuk-button--warning jointly-connection__action"
            onClick={() => onResetLocalCopy(description.afterDiscard ?? null)}
          >
            Discard this browser’s copy
          </button>
        ) : null}
      </section>
      {/* Outside the region, so the region's text is exactly what is on screen. */}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement(description.key, description.label, description.detail)}
      </p>
    </>
  );
}
