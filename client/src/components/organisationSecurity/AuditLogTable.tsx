import type { AuditEntryDto } from '@jointly/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getAuditLog } from '../../api/organisationSecurityApi.ts';
import { auditActionText, auditDetailParts } from '../../format/auditText.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { plural } from '../../format/plural.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

const COLUMNS = ['When', 'Who', 'What', 'Whose account', 'Details'] as const;

/** A column's name beside its value when rows stack (hidden from screen readers, which have the header). */
function ColumnName({ name }: { name: string }) {
  return (
    <span className="nhsuk-table__heading" aria-hidden="true">
      {name}{' '}
    </span>
  );
}

/** Who did it: a person, or nobody signed in (an address asked for a reset), or Jointly itself. */
const actorName = (entry: AuditEntryDto) =>
  entry.actor?.name ?? (entry.action.startsWith('account.') ? 'Someone not signed in' : 'Jointly');

/**
 * The organisation's audit log (issue 15), newest first, a page at a time: "Load older records"
 * adds the next page below and moves focus to its first row, so keyboard and screen reader users
 * carry on reading where it starts. Rows stack as cards on narrow screens (NHS.UK responsive table).
 */
export function AuditLogTable({ organisationId, reloadKey }: { organisationId: string; reloadKey: number }) {
  const [entries, setEntries] = useState<AuditEntryDto[] | null>(null);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const focusRow = useRef<HTMLTableRowElement>(null);

  const load = useCallback(
    async (before: string | null) => {
      setBusy(true);
      setProblem('');
      try {
        const page = await getAuditLog(organisationId, before);
        setEntries((shown) => (before && shown ? [...shown, ...page.entries] : page.entries));
        setNextBefore(page.nextBefore);
        if (before) {
          setFocusId(page.entries[0]?.id ?? null);
          setAnnouncement(
            `${plural(page.entries.length, 'older record', 'older records')} loaded.${page.nextBefore ? '' : ' That is the whole log.'}`,
          );
        }
      } catch (error) {
        setProblem(problemText(error));
      } finally {
        setBusy(false);
      }
    },
    [organisationId],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the trigger (a setting was saved).
  useEffect(() => {
    void load(null);
  }, [load, reloadKey]);

  useEffect(() => {
    if (focusId) focusRow.current?.focus();
  }, [focusId]);

  return (
    <section aria-labelledby="audit-log-heading" className="jointly-audit">
      <h2 className="nhsuk-heading-m" id="audit-log-heading">
        Audit log
      </h2>
      <p className="nhsuk-body">
        Every account and organisation action of your members, newest first. Records cannot be changed or deleted; those
        of a deleted account stay, naming it as a former member.
      </p>
      {entries === null && !problem ? <p className="nhsuk-body">Loading the audit log…</p> : null}
      {entries?.length === 0 ? <p className="nhsuk-body">Nothing has been recorded yet.</p> : null}
      {entries && entries.length > 0 ? (
        <table className="nhsuk-table nhsuk-table--responsive jointly-audit__table" aria-labelledby="audit-log-heading">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              {COLUMNS.map((column) => (
                <th key={column} scope="col" className="nhsuk-table__header">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {entries.map((entry) => (
              <tr
                key={entry.id}
                className="nhsuk-table__row"
                ref={entry.id === focusId ? focusRow : undefined}
                tabIndex={entry.id === focusId ? -1 : undefined}
              >
                <th scope="row" className="nhsuk-table__header jointly-audit__when">
                  <ColumnName name="When" />
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </th>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Who" />
                  {actorName(entry)}
                </td>
                <td className="nhsuk-table__cell">
                  <ColumnName name="What" />
                  {auditActionText(entry.action)}
                </td>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Whose account" />
                  {entry.subject?.name ?? 'None'}
                </td>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Details" />
                  {auditDetailParts(entry).map((part) => (
                    <span key={part} className="jointly-audit__detail">
                      {part}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {nextBefore ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          aria-disabled={busy}
          onClick={() => void (busy || load(nextBefore))}
        >
          Load older records
        </button>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
      {problem ? <InlineError>{problem}</InlineError> : null}
    </section>
  );
}
