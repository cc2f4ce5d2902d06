import { base64ToBytes, type SectionDto, type SectionVersionDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  getSectionVersion,
  listSectionHistory,
  nameSectionVersion,
  recordSectionRestore,
} from '../../api/apiClient.ts';
import { useEntryEvents } from '../../collab/entryEvents.ts';
import { restoreSectionContent } from '../../editor/restoreSectionContent.ts';
import { sectionEditorOf } from '../../editor/sectionEditorRegistry.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { plural } from '../../format/plural.ts';
import { useRefreshed } from '../../hooks/useRefreshed.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { NameVersionForm } from './NameVersionForm.tsx';
import { VersionCompare } from './VersionCompare.tsx';
import { VERSION_KIND_LABELS, versionLabel } from './versionLabel.ts';

type SectionHistoryProps = {
  entryId: string;
  section: SectionDto;
  /** The section's shared fragment; its editor writes a restore. */
  fragment: Y.XmlFragment | null;
  /** The person may write and the entry is a draft. */
  mayRestore: boolean;
};

/** How long a restore waits for the server to hold the restored text before recording it. */
const RESTORE_SETTLE_MS = 8_000;
const RESTORE_POLL_MS = 250;

/**
 * A section's draft history (issue 14 item 4): every version (saved
 * automatically, named, approved, submitted, restored) with who and when,
 * "Name this version", a word-level comparison of any two, and "Restore this
 * version" after a confirmation. Refreshed when the server announces a new
 * version (event `history`) or a sign-off.
 */
export function SectionHistory({ entryId, section, fragment, mayRestore }: SectionHistoryProps) {
  const [open, setOpen] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey((k) => k + 1);
  const history = useRefreshed(() => listSectionHistory(entryId, section.id), refreshKey, open);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<SectionVersionDto | null>(null);
  const [restoring, setRestoring] = useState(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const returnFocusTo = useRef<HTMLButtonElement | null>(null);

  useEntryEvents(entryId, (event) => {
    if (
      (event.kind === 'history' && event.sectionId === section.id) ||
      event.kind === 'signoff' ||
      event.kind === 'status'
    ) {
      refresh();
    }
  });
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);

  const versions = history.data?.versions ?? [];

  const name = async (versionName: string) => {
    setAnnouncement('');
    await nameSectionVersion(entryId, section.id, versionName);
    setAnnouncement(`Version “${versionName}” saved.`);
    refresh();
  };

  const cancelRestore = () => {
    setConfirming(null);
    returnFocusTo.current?.focus();
  };

  /** Waits until the server's text hashes as `hash` (the restore was stored), or the time is up. */
  const settled = async (hash: string) => {
    const until = Date.now() + RESTORE_SETTLE_MS;
    while (Date.now() < until) {
      if ((await listSectionHistory(entryId, section.id)).currentHash === hash) return true;
      await new Promise((resolve) => setTimeout(resolve, RESTORE_POLL_MS));
    }
    return false;
  };

  const restore = async (version: SectionVersionDto) => {
    setRestoring(true);
    setProblem(null);
    setAnnouncement('');
    try {
      // Checked before the text changes: once written, a restore that cannot be recorded would be history lost.
      if ((await listSectionHistory(entryId, section.id)).namedVersionsLeft <= 0) {
        throw new Error('This section already keeps as many named and restored versions as it can.');
      }
      const editor = fragment ? sectionEditorOf(fragment) : null;
      if (!editor?.isEditable) throw new Error('The text cannot be changed right now (it is read-only or offline).');
      const detail = await getSectionVersion(entryId, section.id, version.id);
      const state = base64ToBytes(detail.state);
      if (!state || !restoreSectionContent(editor, section.id, state)) {
        throw new Error('The editor did not accept the version’s text.');
      }
      await settled(version.contentHash);
      const recorded = await recordSectionRestore(entryId, section.id, version.id);
      setConfirming(null);
      setAnnouncement(
        `${versionLabel(version)} restored${recorded.matchesSource ? '' : ', with changes made meanwhile'}. ` +
          'To undo it, press Ctrl+Z in the text.',
      );
      refresh();
      document.getElementById(`history-status-${section.id}`)?.focus();
    } catch (failure) {
      setProblem(`The version could not be restored: ${problemText(failure)}`);
    } finally {
      setRestoring(false);
    }
  };

  return (
    <details
      className="nhsuk-details jointly-history"
      onToggle={(event) => {
        const nowOpen = event.currentTarget.open;
        setOpen(nowOpen);
        if (nowOpen) refresh();
      }}
    >
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">History of {section.title}</span>
      </summary>
      <div className="nhsuk-details__text">
        <NameVersionForm sectionId={section.id} onName={name} />
        {history.data === null && !history.failed ? <p className="nhsuk-body-s">Loading the history…</p> : null}
        {history.failed ? (
          <p className="nhsuk-error-message">
            <span className="nhsuk-u-visually-hidden">Error: </span>
            The history could not be loaded. Close and open it to try again.
          </p>
        ) : null}
        {history.data !== null && versions.length === 0 ? (
          <p className="nhsuk-body-s">No versions yet: one is saved a minute after someone stops writing here.</p>
        ) : null}
        {versions.length > 0 ? (
          <>
            <h3 className="nhsuk-heading-xs">Versions, newest first</h3>
            <ol className="nhsuk-list jointly-history__versions" aria-label={`Versions of ${section.title}`}>
              {versions.map((version) => (
                <li key={version.id} className="jointly-history__version">
                  <p className="nhsuk-body-s jointly-history__what">
                    <strong>{VERSION_KIND_LABELS[version.kind]}</strong>
                    {version.name && version.kind !== 'submission' ? <> “{version.name}”</> : null}
                    {version.kind === 'submission' && version.name ? <> ({version.name})</> : null}
                    {version.contentHash === history.data?.currentHash ? (
                      <span className="jointly-muted"> (the same as the text now)</span>
                    ) : null}
                  </p>
                  <p className="nhsuk-body-s jointly-history__who">
                    {version.by.name} ({version.by.organisation.name}), {formatDateTime(version.at)},{' '}
                    {plural(version.words, 'word', 'words')}
                  </p>
                  {mayRestore && version.contentHash !== history.data?.currentHash ? (
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      disabled={restoring}
                      onClick={(event) => {
                        returnFocusTo.current = event.currentTarget;
                        setProblem(null);
                        setConfirming(version);
                      }}
                    >
                      Restore this version<span className="nhsuk-u-visually-hidden">: {versionLabel(version)}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
        {confirming ? (
          <section className="jointly-history__confirm" aria-labelledby={`history-confirm-${section.id}`}>
            <h4 className="nhsuk-heading-xs" id={`history-confirm-${section.id}`} ref={confirmHeading} tabIndex={-1}>
              Restore {versionLabel(confirming)}?
            </h4>
            <p className="nhsuk-body-s">
              The section’s text will be replaced by this version’s, as your change: everyone sees it at once, its
              approval will need renewing, and you can undo it with Ctrl+Z. Nothing in the history is removed.
            </p>
            <div className="nhsuk-button-group">
              <button
                type="button"
                className="nhsuk-button nhsuk-button--small"
                disabled={restoring}
                onClick={() => void restore(confirming)}
              >
                Yes, restore it
              </button>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                onClick={cancelRestore}
              >
                Cancel
              </button>
            </div>
          </section>
        ) : null}
        {problem ? <InlineError>{problem}</InlineError> : null}
        {versions.length > 0 ? <VersionCompare entryId={entryId} sectionId={section.id} versions={versions} /> : null}
        <p
          className="jointly-history__status nhsuk-body-s"
          id={`history-status-${section.id}`}
          role="status"
          tabIndex={-1}
        >
          {announcement}
        </p>
      </div>
    </details>
  );
}
