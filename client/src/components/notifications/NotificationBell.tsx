import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import '../../styles/notifications.css';
import type { UnreadStore } from './unreadStore.ts';
import { useUnreadCount } from './useUnreadCount.ts';

/** At most one spoken "new notifications" in this long, however many arrive (WCAG 2.2.4, 4.1.3). */
export const BELL_ANNOUNCE_MIN_MS = 30_000;

const unreadWords = (n: number) => `${n} unread notification${n === 1 ? '' : 's'}`;

/**
 * The bell in the site header (issue 14 item 5): a link to "My tasks" named
 * with the unread count. New notifications are announced politely, once,
 * and not again within BELL_ANNOUNCE_MIN_MS (a busy entry would otherwise
 * talk over the person's writing); the count on the link is always current.
 */
export function NotificationBell({ store }: { store?: UnreadStore }) {
  const unread = useUnreadCount(store);
  const [announcement, setAnnouncement] = useState('');
  const lastSpoken = useRef(0);
  const previous = useRef<number | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(unread);
  latest.current = unread;

  useEffect(() => {
    const before = previous.current;
    previous.current = unread;
    // The first count is not news, and a count going down (read elsewhere) is not announced.
    if (before === null || unread === null || unread <= before) return;
    const speak = () => {
      pending.current = null;
      lastSpoken.current = Date.now();
      const n = latest.current ?? 0;
      if (n > 0) setAnnouncement(`You have ${unreadWords(n)}.`);
    };
    const wait = lastSpoken.current + BELL_ANNOUNCE_MIN_MS - Date.now();
    if (wait <= 0) speak();
    else pending.current ??= setTimeout(speak, wait);
  }, [unread]);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  return (
    <>
      <Link className="nhsuk-header__account-link jointly-bell" to="/tasks">
        <svg
          className="jointly-bell__icon"
          viewBox="0 0 24 24"
          width="20"
          height="20"
          aria-hidden="true"
          focusable="false"
        >
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        My tasks
        {unread ? ' ' : null}
        {unread ? (
          <span className="jointly-bell__count">
            {unread}
            <span className="nhsuk-u-visually-hidden"> unread</span>
          </span>
        ) : null}
      </Link>
      <span className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}
