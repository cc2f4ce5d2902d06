/**
 * Dates as people in the UK write them ("14 February 2024"), the way the app
 * shows them, for everything judges read (exports, judge view): one formatter
 * so a date never prints as 2024-02-14 in one place and in words in another.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date written YYYY-MM-DD (what the item forms store) as
 * "14 February 2024"; anything else (free text, an impossible date) as given,
 * so nothing a contributor wrote is lost.
 */
export function formatUkDate(value: string): string {
  const match = CALENDAR_DATE.exec(value.trim());
  if (!match) return value;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Read back through UTC so 2024-02-30 is refused rather than rolled into March.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return value;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** An instant (ISO timestamp or epoch milliseconds) as its UK calendar date, "14 February 2024". */
export function formatUkDateOfInstant(instant: string | number): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? String(instant) : LONDON_DATE.format(date);
}
