import type { LibraryItemDto } from '@jointly/shared';
import { useState } from 'react';
import { addLibraryItem, type LibraryItemAdded, listLibrary } from '../../api/libraryApi.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';

type LibraryPanelProps = {
  entryId: string;
  organisation: { id: string; name: string };
  /** Whether the person may add items to this entry now (a lead or contributor of a draft). */
  editable: boolean;
  load?: (organisationId: string) => Promise<LibraryItemDto[]>;
  add?: (entryId: string, libraryItemId: string) => Promise<LibraryItemAdded>;
};

const kindName = (item: LibraryItemDto) => (item.collection === 'testimonials' ? 'Testimonial' : 'Evidence');

/**
 * The organisation's library beside an entry (issue 17 item 3): its approved
 * testimonials and evidence, where each has been used, and "Add to this
 * entry". What an added testimonial's consent lacks for this use is said at
 * once (the entry's checks flag it too): it is added, not refused.
 */
export function LibraryPanel({
  entryId,
  organisation,
  editable,
  load = listLibrary,
  add = addLibraryItem,
}: LibraryPanelProps) {
  const library = useLoad(() => load(organisation.id), [organisation.id]);
  const [status, setStatus] = useState<{ message: string; problems: string[] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function onAdd(item: LibraryItemDto) {
    setBusy(item.id);
    try {
      const added = await add(entryId, item.id);
      setStatus({
        message: `${kindName(item)} “${item.summary}” added to this entry.`,
        problems: added.consentProblems.map((p) => `Consent for this use: ${p.message}.`),
      });
      await library.reload();
    } catch (error) {
      setStatus({ message: `Could not add “${item.summary}”: ${problemText(error)}`, problems: [] });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="jointly-panel" aria-labelledby="library-heading">
      <h2 className="nhsuk-heading-s" id="library-heading">
        {organisation.name}’s library
      </h2>
      <div role="status" className="nhsuk-body-s">
        {status ? (
          <>
            {status.message}
            {status.problems.length > 0 ? (
              <ul className="nhsuk-list nhsuk-list--bullet">
                {status.problems.map((problem) => (
                  <li key={problem}>
                    <strong>Warning:</strong> {problem}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      {library.status === 'error' ? (
        <ProblemMessage title="The library could not be loaded">{problemText(library.error)}</ProblemMessage>
      ) : null}
      {library.status === 'ok' && library.data.length === 0 ? (
        <p className="nhsuk-body-s">
          Nothing yet. Approved testimonials and evidence your organisation contributed can be put here from an entry.
        </p>
      ) : null}
      {library.status === 'ok' && library.data.length > 0 ? (
        <ul className="nhsuk-list">
          {library.data.map((item) => (
            <li key={item.id} className="jointly-library-item">
              <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">
                {kindName(item)}: {item.summary}
              </h3>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">From “{item.source.entryTitle}”</p>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                {item.uses.length === 0
                  ? 'Not used in another entry yet.'
                  : `Used in ${item.uses.length === 1 ? '1 entry' : `${item.uses.length} entries`}:`}
              </p>
              {item.uses.length > 0 ? (
                <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s">
                  {item.uses.map((use) => (
                    <li key={`${use.entry?.id ?? 'other'}:${use.itemId}`}>
                      {use.entry ? use.entry.title : 'an entry you are not a member of'}, by {use.usedBy.name},{' '}
                      {formatDateTime(use.usedAt)}
                    </li>
                  ))}
                </ul>
              ) : null}
              {editable ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
                  disabled={busy !== null}
                  onClick={() => void onAdd(item)}
                >
                  Add to this entry<span className="nhsuk-u-visually-hidden">: {item.summary}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
