/**
 * The job queue's tunables (src/jobs, issue 17 item 2), beside config.ts (at its size limit) as
 * its constants are: each with its unit and why that value.
 */
/**
 * How often each process looks for jobs that have come due. Reminders are days apart, so a
 * second late costs nothing; on PostgreSQL a job due at once is also announced by NOTIFY.
 */
export const JOB_POLL_INTERVAL_MS = 1000;
/** Jobs one process runs at once (graphile-worker); a reminder is a few queries. */
export const JOB_CONCURRENCY = 2;
