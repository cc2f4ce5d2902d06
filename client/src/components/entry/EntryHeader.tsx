import type { EntryDto } from '@jointly/shared';
import { Link } from 'react-router';
import { formatDate } from '../../format/formatDate.ts';
import { ROLE_LABELS } from '../../format/roleLabels.ts';
import { Countdown } from '../deadlines/Countdown.tsx';
import { PageHeading } from '../layout/PageHeading.tsx';

/**
 * The top of an open entry: the way back, its title under programme and category, the facts a
 * member needs (deadline, lead organisation, their role, submitted), the judges' preview, and a
 * status region that says when the entry is submitted or reopened.
 */
export function EntryHeader({ entry, statusAnnouncement }: { entry: EntryDto; statusAnnouncement: string }) {
  return (
    <>
      <Link className="nhsuk-back-link" to="/">
        Your entries
      </Link>
      <PageHeading caption={`${entry.programme}: ${entry.categoryName}`} title={entry.title}>
        {entry.title}
      </PageHeading>
      <ul className="jointly-entry-facts" aria-label="About this entry">
        <li>
          <span className="jointly-muted">Deadline:</span> {formatDate(entry.deadline)}
        </li>
        {entry.countdown && entry.status === 'draft' ? (
          <li>
            <span className="jointly-muted">Time left:</span> <Countdown countdown={entry.countdown} />
          </li>
        ) : null}
        <li>
          <span className="jointly-muted">Lead organisation:</span> {entry.leadOrganisation.name}
        </li>
        <li>
          <span className="jointly-muted">Your role:</span> {ROLE_LABELS[entry.role]}
        </li>
        {entry.status === 'submitted' ? (
          <li>
            <strong className="nhsuk-tag nhsuk-tag--green">Submitted</strong>
          </li>
        ) : null}
      </ul>
      <p className="nhsuk-body jointly-judge-link">
        <Link to={`/entries/${encodeURIComponent(entry.id)}/judge`}>Preview as judges see it</Link>
      </p>
      <p className="nhsuk-u-visually-hidden" role="status">
        {statusAnnouncement}
      </p>
    </>
  );
}

/** Tells a viewer why nothing on the page can be changed. */
export function ViewerNotice() {
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>You are a viewer on this entry: you can read it and follow its progress, but not change it.</p>
    </div>
  );
}
