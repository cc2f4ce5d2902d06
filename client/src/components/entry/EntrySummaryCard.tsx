import type { EntrySummaryDto } from '@jointly/shared';
import { Link } from 'react-router';
import { formatDate } from '../../format/formatDate.ts';
import { formatNumber, plural } from '../../format/plural.ts';
import { ROLE_LABELS } from '../../format/roleLabels.ts';
import { Countdown } from '../deadlines/Countdown.tsx';

/** One entry on the dashboard: where it stands and who is in it now. */
export function EntrySummaryCard({ entry }: { entry: EntrySummaryDto }) {
  const { progress } = entry;
  const headingId = `entry-${entry.id}-title`;
  return (
    <article className="nhsuk-card jointly-entry-card" aria-labelledby={headingId}>
      <div className="nhsuk-card__content">
        <p className="nhsuk-body-s jointly-entry-card__category">
          {entry.programme}: {entry.categoryName}
        </p>
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id={headingId}>
          <Link to={`/entries/${encodeURIComponent(entry.id)}`}>{entry.title}</Link>
        </h2>
        {entry.status === 'submitted' ? <strong className="nhsuk-tag nhsuk-tag--green">Submitted</strong> : null}
        <AssignedToMe counts={entry.assignedToMe} />
        <dl className="nhsuk-summary-list jointly-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Deadline</dt>
            <dd className="nhsuk-summary-list__value">{formatDate(entry.deadline)}</dd>
          </div>
          {entry.countdown && entry.status === 'draft' ? (
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Time left</dt>
              <dd className="nhsuk-summary-list__value">
                <Countdown countdown={entry.countdown} />
              </dd>
            </div>
          ) : null}
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Sections approved</dt>
            <dd className="nhsuk-summary-list__value">
              {progress.sectionsApproved} of {progress.sectionCount}
            </dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Words used</dt>
            <dd className="nhsuk-summary-list__value">
              {formatNumber(progress.wordsUsed)} of {formatNumber(progress.wordLimitTotal)}
              {progress.sectionsOverLimit > 0 ? (
                <span className="jointly-over-limit">
                  {' '}
                  ({plural(progress.sectionsOverLimit, 'section', 'sections')} over the limit)
                </span>
              ) : null}
            </dd>
          </div>
          {entry.checksFailing !== undefined && entry.status === 'draft' ? (
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Checks failing</dt>
              <dd className="nhsuk-summary-list__value">
                {entry.checksFailing === 0
                  ? 'None: ready to submit'
                  : `${plural(entry.checksFailing, 'check', 'checks')} to meet before submitting`}
              </dd>
            </div>
          ) : null}
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Your role</dt>
            <dd className="nhsuk-summary-list__value">{ROLE_LABELS[entry.role]}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Lead organisation</dt>
            <dd className="nhsuk-summary-list__value">{entry.leadOrganisation.name}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Working on it now</dt>
            <dd className="nhsuk-summary-list__value">
              {entry.activeNow.length === 0 ? (
                'No one right now'
              ) : (
                <ul className="nhsuk-list jointly-inline-list">
                  {entry.activeNow.map((person) => (
                    <li key={person.userId}>
                      {person.name} <span className="jointly-muted">({person.organisationName})</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </div>
    </article>
  );
}

/** "Assigned to you: 2 due, 1 overdue", when sections with a due date are assigned to the person. */
export function AssignedToMe({ counts }: { counts: EntrySummaryDto['assignedToMe'] }) {
  if (!counts || counts.due + counts.overdue === 0) return null;
  return (
    <p className="nhsuk-body-s jointly-entry-card__assigned">
      <strong>Assigned to you:</strong> {formatNumber(counts.due)} due,{' '}
      {counts.overdue > 0 ? (
        <strong className="nhsuk-tag nhsuk-tag--red">{formatNumber(counts.overdue)} overdue</strong>
      ) : (
        `${formatNumber(counts.overdue)} overdue`
      )}
    </p>
  );
}
