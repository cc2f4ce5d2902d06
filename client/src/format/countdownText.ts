/**
 * A countdown in words (issue 17 item 2): "12 days left", "1 day left", "Due today",
 * "Passed 3 days ago", counted in UK calendar days, so a deadline at 5pm tomorrow is
 * "1 day left" all of today whatever the hour.
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'Europe/London',
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole UK calendar days from `now` to `to` (negative once passed). */
export function daysUntil(to: number, now: number): number {
  const day = (at: number) => Date.parse(`${LONDON_DAY.format(new Date(at))}T00:00:00Z`);
  return Math.round((day(to) - day(now)) / DAY_MS);
}

export type Countdown = {
  text: string;
  /** How pressing: for the tag's colour, which never carries the meaning alone. */
  urgency: 'passed' | 'today' | 'soon' | 'later';
};

/** The countdown to an ISO instant, read at `now` (ms). */
export function countdownText(toIso: string, now: number): Countdown {
  const to = Date.parse(toIso);
  if (to <= now) {
    const ago = -daysUntil(to, now);
    return {
      text: ago <= 0 ? 'Deadline passed today' : `Passed ${ago} ${ago === 1 ? 'day' : 'days'} ago`,
      urgency: 'passed',
    };
  }
  const days = daysUntil(to, now);
  if (days <= 0) return { text: 'Due today', urgency: 'today' };
  return { text: `${days} ${days === 1 ? 'day' : 'days'} left`, urgency: days <= 7 ? 'soon' : 'later' };
}
