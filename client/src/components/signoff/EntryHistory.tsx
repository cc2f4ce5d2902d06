import type { SubmissionDto } from '@jointly/shared';
import type { ReactNode } from 'react';
import { type ExportKind, exportUrl } from '../../api/apiClient.ts';
import { formatDateTime } from '../../format/formatDate.ts';

const CURRENT_EXPORTS: { kind: ExportKind; text: string }[] = [
  { kind: 'criteriaPdf', text: 'Download criteria answers (PDF)' },
  { kind: 'criteriaDocx', text: 'Download criteria answers (Word)' },
  { kind: 'evidencePdf', text: 'Download supporting evidence (PDF)' },
  { kind: 'registerPdf', text: 'Download contributor register (PDF)' },
  { kind: 'registerCsv', text: 'Download contributor register (CSV)' },
];

const VERSION_EXPORTS: { kind: ExportKind; text: string }[] = [
  { kind: 'criteriaPdf', text: 'Criteria answers (PDF)' },
  { kind: 'criteriaDocx', text: 'Criteria answers (Word)' },
  { kind: 'evidencePdf', text: 'Supporting evidence (PDF)' },
];

type EntryHistoryProps = {
  entryId: string;
  /** Every submitted version (as listed by the server), or null while loading. */
  submissions: SubmissionDto[] | null;
  failed: boolean;
  /** Shown above the downloads: what changes them ("Not for publication", issue 17 item 5). */
  settings?: ReactNode;
};

/** Downloads of the entry as it is now, and every submitted version with its hash and its own downloads. */
export function EntryHistory({ entryId, submissions, failed, settings }: EntryHistoryProps) {
  const versions = submissions ? [...submissions].sort((a, b) => b.version - a.version) : null;
  return (
    <section className="nhsuk-card jointly-history" aria-labelledby="history-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="history-heading">
          Downloads and history
        </h2>
        {settings}
        <h3 className="nhsuk-heading-s">The entry as it is now</h3>
        <ul className="nhsuk-list jointly-downloads">
          {CURRENT_EXPORTS.map((item) => (
            <li key={item.kind}>
              <a href={exportUrl(entryId, item.kind)} download>
                {item.text}
              </a>
            </li>
          ))}
        </ul>
        <h3 className="nhsuk-heading-s">Submitted versions</h3>
        {failed && versions === null ? (
          <p className="nhsuk-body">The submitted versions could not be loaded. Reload the page to try again.</p>
        ) : null}
        {versions === null && !failed ? <p className="nhsuk-body">Loading the submitted versions…</p> : null}
        {versions?.length === 0 ? <p className="nhsuk-body">The entry has not been submitted yet.</p> : null}
        {versions && versions.length > 0 ? (
          <ol className="nhsuk-list jointly-versions" reversed aria-label="Submitted versions">
            {versions.map((submission) => (
              <li key={submission.version} className="jointly-version">
                <h4 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Version {submission.version}</h4>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  Submitted on {formatDateTime(submission.submittedAt)} by {submission.submittedBy.name} (
                  {submission.submittedBy.organisation.name})
                </p>
                <p className="nhsuk-body-s jointly-hash nhsuk-u-margin-bottom-1">
                  Content hash: <code>{submission.contentHash}</code>
                </p>
                <ul className="nhsuk-list jointly-downloads jointly-downloads--inline">
                  {VERSION_EXPORTS.map((item) => (
                    <li key={item.kind}>
                      <a href={exportUrl(entryId, item.kind, submission.version)} download>
                        {item.text}
                        <span className="nhsuk-u-visually-hidden"> – version {submission.version}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    </section>
  );
}
