import { Link } from 'react-router';
import { listEntries } from '../api/apiClient.ts';
import { EntrySummaryCard } from '../components/entry/EntrySummaryCard.tsx';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { useLoad } from '../hooks/useLoad.ts';

/** `/`: the entries this person is on, with where each stands. */
export function DashboardPage() {
  const entries = useLoad(listEntries, []);

  return (
    <>
      <PageHeading>Your award entries</PageHeading>
      <p className="nhsuk-body">Write an award entry together with the other organisations in your partnership.</p>
      <Link className="nhsuk-button" to="/entries/new">
        Start a new entry
      </Link>
      {entries.status === 'loading' ? <LoadingMessage>Loading your entries…</LoadingMessage> : null}
      {entries.status === 'error' ? (
        <ProblemMessage title="Your entries could not be loaded">{problemText(entries.error)}</ProblemMessage>
      ) : null}
      {entries.status === 'ok' && entries.data.length === 0 ? (
        <div className="nhsuk-inset-text">
          <p>
            You are not on any entries yet. Start one from an award category, or ask a colleague to invite you to
            theirs.
          </p>
        </div>
      ) : null}
      {entries.status === 'ok' && entries.data.length > 0 ? (
        <ul className="jointly-entry-list" aria-label="Your entries">
          {entries.data.map((entry) => (
            <li key={entry.id}>
              <EntrySummaryCard entry={entry} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
