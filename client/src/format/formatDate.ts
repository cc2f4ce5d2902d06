/** Dates as people in the UK write them ("3 March 2026"), in UK time. */
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return 'Not announced yet';
  const date = parse(iso);
  return date ? DATE.format(date) : 'Not announced yet';
}

export function formatDateTime(iso: string): string {
  const date = parse(iso);
  return date ? DATE_TIME.format(date).replace(' am', 'am').replace(' pm', 'pm') : iso;
}

const CALENDAR_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date "YYYY-MM-DD" (a due date, the same everywhere) as "3 March 2026"; anything else as given. */
export function formatCalendarDate(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  const date = parse(`${isoDate}T00:00:00Z`);
  return date ? CALENDAR_DATE.format(date) : isoDate;
}
