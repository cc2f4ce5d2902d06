/**
 * Instants travel on the wire as ISO 8601 strings (PRODUCT §6) and are stored
 * as epoch milliseconds; one place converts, so every DTO prints them alike.
 * `Number()` because PostgreSQL's bigint columns arrive as strings.
 */
export const isoTime = (ms: number | string): string => new Date(Number(ms)).toISOString();

/** The UTC calendar date (YYYY-MM-DD) of an instant: assignment due dates are compared as dates. */
export const utcDate = (ms: number | string): string => isoTime(ms).slice(0, 10);
