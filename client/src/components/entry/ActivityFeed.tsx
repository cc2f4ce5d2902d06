import type { ActivityDto } from '@jointly/shared';
import { activitySentence } from '../../format/activitySentence.ts';
import { formatDateTime } from '../../format/formatDate.ts';

/** The entry's activity, newest first, as sentences (PRODUCT §3 journey 6–8, S-ACTIVITY-1). */
export function ActivityFeed({ activity, failed }: { activity: ActivityDto[] | null; failed: boolean }) {
  return (
    <section className="jointly-panel jointly-activity" aria-labelledby="activity-heading">
      <h2 className="nhsuk-heading-s" id="activity-heading">
        Activity
      </h2>
      {activity === null ? (
        <p className="nhsuk-body-s">{failed ? 'The activity could not be loaded.' : 'Loading the activity…'}</p>
      ) : activity.length === 0 ? (
        <p className="nhsuk-body-s">Nothing has happened yet.</p>
      ) : (
        <ol className="nhsuk-list jointly-activity__list" aria-label="Activity, newest first">
          {activity.map((line) => (
            <li key={line.id} className="nhsuk-body-s">
              {activitySentence(line)}
              <br />
              <time className="jointly-muted" dateTime={line.at}>
                {formatDateTime(line.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
