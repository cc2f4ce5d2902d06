import { formatUkDate, isIsoDate } from '@jointly/shared';
import type { CategoryTemplate } from './categorySchema.ts';

/**
 * The dates a category counts evidence from (issue 13): evidence must be
 * dated within `evidenceWithinMonths` of the entry deadline (the template's
 * words). The reference date is the category's deadline when it is
 * announced, else today (the latest an entry could be submitted if the
 * deadline were today). Dates are calendar dates, YYYY-MM-DD, compared in UTC.
 */
export type EvidenceWindow = {
  /** The earliest date counted. */
  from: string;
  /** The reference date: the deadline, or today. */
  to: string;
  reference: 'deadline' | 'today';
  months: number;
};

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function evidenceWindow(
  template: Pick<CategoryTemplate, 'deadline' | 'eligibility'>,
  today: Date,
): EvidenceWindow {
  const reference = template.deadline ? new Date(template.deadline) : today;
  const months = template.eligibility.evidenceWithinMonths;
  const from = new Date(Date.UTC(reference.getUTCFullYear(), reference.getUTCMonth() - months, reference.getUTCDate()));
  // 29 February less 12 months is 1 March; a month without that day rolls over the same way.
  return { from: isoDay(from), to: isoDay(reference), reference: template.deadline ? 'deadline' : 'today', months };
}

/**
 * What is wrong with an evidence item's date against the window, in words, or
 * null: no date, a date that is not a calendar date (the form says so), or a
 * date inside the window. A date after the deadline is flagged too; after
 * today (no deadline yet) it is not, as the work may be planned.
 */
export function evidenceDateProblem(date: string, window: EvidenceWindow): string | null {
  if (!isIsoDate(date)) return null;
  const referenceWords = window.reference === 'deadline' ? `the entry deadline (${formatUkDate(window.to)})` : 'today';
  if (date < window.from) {
    return `Dated ${formatUkDate(date)}, more than ${window.months} months before ${referenceWords}: the category counts evidence dated from ${formatUkDate(window.from)}`;
  }
  if (window.reference === 'deadline' && date > window.to) {
    return `Dated ${formatUkDate(date)}, after the entry deadline (${formatUkDate(window.to)})`;
  }
  return null;
}
