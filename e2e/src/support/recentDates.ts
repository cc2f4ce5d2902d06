/**
 * A calendar date (YYYY-MM-DD, UTC) `days` before today. Item dates in the
 * scenarios are relative to the day the suite runs: a category counts
 * evidence from the last 24 months before today when it has no deadline, so
 * a fixed date would fall out of the window, and a passing scenario would
 * start failing, on a calendar day rather than after a change.
 */
export function daysAgo(days: number, today = new Date()): string {
  return new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}
