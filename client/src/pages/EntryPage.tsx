import type { MeDto } from '@jointly/shared';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/ApiError.ts';
import { getEntry } from '../api/apiClient.ts';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { EntryWorkspace } from './EntryWorkspace.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * `/entries/:entryId` and `/entries/:entryId/sections/:sectionId`: loads the
 * entry, then opens its workspace. Loaded lazily: it brings the editor and
 * the collaboration stack, which the other pages do not need.
 */
export default function EntryPage({ me }: { me: MeDto }) {
  const { entryId = '', sectionId } = useParams();
  const entry = useLoad(() => getEntry(entryId), [entryId]);

  if (entry.status === 'loading') return <LoadingMessage>Loading the entry…</LoadingMessage>;
  if (entry.status === 'error') {
    if (entry.error instanceof ApiError && entry.error.status === 404) return <NotFoundPage />;
    return (
      <>
        <Link className="nhsuk-back-link" to="/">
          Your entries
        </Link>
        <ProblemMessage title="The entry could not be loaded">{problemText(entry.error)}</ProblemMessage>
      </>
    );
  }
  return (
    <EntryWorkspace
      key={entry.data.id}
      entry={entry.data}
      me={me}
      reloadEntry={entry.reload}
      focusSectionId={sectionId ?? null}
    />
  );
}
