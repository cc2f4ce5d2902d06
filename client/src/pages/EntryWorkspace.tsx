import { can, type EntryDto, FINALIST_OUTLINE, type MeDto, sectionFragmentName } from '@jointly/shared';
import { type CategoryTemplate, evidenceWindow } from '@jointly/templates';
import { useEffect, useMemo } from 'react';
import { useEntryContentHash } from '../collab/liveStatus.ts';
import { FinalistPanel } from '../components/afterSubmitting/FinalistPanel.tsx';
import { OutcomePanel } from '../components/afterSubmitting/OutcomePanel.tsx';
import { PublicationSetting } from '../components/afterSubmitting/PublicationSetting.tsx';
import { DeadlinesPanel } from '../components/deadlines/DeadlinesPanel.tsx';
import { ActivityFeed } from '../components/entry/ActivityFeed.tsx';
import { ConnectionStatusBar } from '../components/entry/ConnectionStatusBar.tsx';
import { ContributorRegister } from '../components/entry/ContributorRegister.tsx';
import { CoverageSummary } from '../components/entry/CoverageSummary.tsx';
import { DiscardedText } from '../components/entry/DiscardedText.tsx';
import { EntryHeader, ViewerNotice } from '../components/entry/EntryHeader.tsx';
import { PresencePanel } from '../components/entry/PresencePanel.tsx';
import { ItemsPanel } from '../components/items/ItemsPanel.tsx';
import { ProblemMessage } from '../components/layout/ProblemMessage.tsx';
import { MembersPanel } from '../components/members/MembersPanel.tsx';
import { CopyEntryControl } from '../components/reuse/CopyEntryControl.tsx';
import { LibraryPanel } from '../components/reuse/LibraryPanel.tsx';
import { sectionIds } from '../components/sectionIds.ts';
import { SectionNavigator } from '../components/sections/SectionNavigator.tsx';
import { AboutTheEntryCard } from '../components/shortFields/AboutTheEntryCard.tsx';
import { EntryHistory } from '../components/signoff/EntryHistory.tsx';
import { SignoffPanel } from '../components/signoff/SignoffPanel.tsx';
import { SubmittedBanner } from '../components/signoff/SubmittedBanner.tsx';
import { useEntryCategory } from '../hooks/useEntryCategory.ts';
import { useEntryEvidence } from './entryWorkspace/useEntryEvidence.ts';
import { useEntryRefresh } from './entryWorkspace/useEntryRefresh.ts';
import { useWorkspaceSession } from './entryWorkspace/useWorkspaceSession.ts';
import { WorkspaceSection } from './entryWorkspace/WorkspaceSection.tsx';

/** The dates the entry's category counts evidence from: before its deadline, or today while none is announced. */
function evidenceWindowOf(template: CategoryTemplate | null) {
  return template ? evidenceWindow(template, new Date()) : null;
}

type EntryWorkspaceProps = {
  entry: EntryDto;
  me: MeDto;
  reloadEntry: () => Promise<void>;
  /** From a deep link `/entries/:id/sections/:sectionId`: the section to scroll to and focus. */
  focusSectionId: string | null;
};

/** An open entry: its sections' live editors on one shared document, the connection state, people and members. */
export function EntryWorkspace({ entry, me, reloadEntry, focusSectionId }: EntryWorkspaceProps) {
  const live = useWorkspaceSession(entry, me, reloadEntry);
  const { session, documentLoaded, connectionStopped } = live;
  const doc = session?.doc ?? null;
  const category = useEntryCategory(entry, !connectionStopped);
  const evidence = useEntryEvidence(entry, { doc, documentLoaded, upToDate: live.upToDate, connectionStopped });
  const refresh = useEntryRefresh(entry, reloadEntry, connectionStopped);

  const sectionIdList = useMemo(() => entry.sections.map((section) => section.id), [entry.sections]);
  const sectionTitles = useMemo(
    () => new Map(entry.sections.map((section) => [section.id, section.title])),
    [entry.sections],
  );
  // Endorsements are of the live entry's hash.
  const liveEntryHash = useEntryContentHash(doc, sectionIdList, documentLoaded);

  const submitted = entry.status === 'submitted';
  const mayEdit = can(entry.role, 'edit') && !submitted;
  const editable = mayEdit && live.connectionAllowsEditing;
  const focusSection = entry.sections.find((section) => section.id === focusSectionId) ?? null;

  // A deep link to a section the person cannot edit focuses its heading instead of its text.
  useEffect(() => {
    if (!focusSection || mayEdit) return;
    const heading = document.getElementById(sectionIds(focusSection.id).heading);
    heading?.focus();
    heading?.scrollIntoView({ block: 'start' });
  }, [focusSection, mayEdit]);

  return (
    <>
      <EntryHeader entry={entry} statusAnnouncement={refresh.statusAnnouncement} />

      <ConnectionStatusBar
        session={session}
        onResetLocalCopy={(notice) => void live.resetLocalCopy(notice, 'leaving')}
      />
      {live.discardNotice ? (
        <ProblemMessage title="Changes discarded">
          <p>{live.discardNotice}</p>
          <DiscardedText parts={live.discardedText} />
        </ProblemMessage>
      ) : null}

      {entry.role === 'viewer' ? <ViewerNotice /> : null}
      {submitted ? (
        <SubmittedBanner
          entryId={entry.id}
          latest={refresh.latestSubmission}
          mayReopen={entry.role === 'lead'}
          onReopened={async () => {
            await reloadEntry().catch(() => undefined);
            document.querySelector<HTMLElement>('.jointly-page-heading')?.focus();
          }}
        />
      ) : null}

      <SectionNavigator
        sections={entry.sections}
        fragmentOf={(id) => doc?.getXmlFragment(sectionFragmentName(id)) ?? null}
        documentLoaded={documentLoaded}
        itemsHeadingId="items-heading"
      />
      <div className="nhsuk-grid-row jointly-workspace">
        <div className="nhsuk-grid-column-two-thirds">
          <AboutTheEntryCard entryId={entry.id} doc={doc} fields={entry.shortFields ?? []} editable={editable} />
          {entry.sections.map((section, index) => (
            <WorkspaceSection
              key={section.id}
              entry={entry}
              me={me}
              section={section}
              position={index + 1}
              session={session}
              user={live.user}
              people={live.people}
              documentLoaded={documentLoaded}
              evidence={evidence}
              editable={editable}
              autoFocus={mayEdit && focusSection?.id === section.id}
              reloadEntry={reloadEntry}
            />
          ))}
          {evidence.coverage ? (
            <CoverageSummary
              report={evidence.coverage}
              brokenCitations={evidence.citationReport.broken}
              sectionTitles={sectionTitles}
              labelOf={evidence.labelOf}
            />
          ) : null}
          <SignoffPanel entry={entry} me={me} liveEntryHash={liveEntryHash} reloadEntry={reloadEntry} />
          <EntryHistory
            entryId={entry.id}
            submissions={refresh.submissions.data}
            failed={refresh.submissions.failed}
            settings={
              <PublicationSetting
                entryId={entry.id}
                notForPublication={entry.notForPublication === true}
                mayChange={entry.role === 'lead'}
                onChanged={() => void reloadEntry().catch(() => undefined)}
              />
            }
          />
          {entry.status === 'draft' ? (
            <DeadlinesPanel entryId={entry.id} onSaved={() => void reloadEntry().catch(() => undefined)} />
          ) : null}
          <OutcomePanel entry={entry}>
            <FinalistPanel
              entry={entry}
              outline={
                session && doc
                  ? {
                      fragment: doc.getXmlFragment(FINALIST_OUTLINE),
                      provider: session.provider,
                      user: live.user,
                      connected: live.connectionAllowsEditing,
                    }
                  : null
              }
            />
          </OutcomePanel>
          {entry.role === 'lead' ? <CopyEntryControl entry={entry} /> : null}
          <ContributorRegister
            rows={evidence.provenance.data?.register ?? null}
            sectionTitles={sectionTitles}
            items={evidence.provenanceItems}
          />
        </div>
        <div className="nhsuk-grid-column-one-third jointly-sidebar">
          <ItemsPanel
            entryId={entry.id}
            doc={doc}
            items={evidence.items}
            provenance={evidence.provenance.data}
            provenanceFailed={evidence.provenance.failed}
            sections={entry.sections}
            evidenceWindow={evidenceWindowOf(category)}
            editable={editable}
            mayErase={entry.role === 'lead'}
          />
          {mayEdit && me.user.organisationStatus === 'confirmed' ? (
            <LibraryPanel entryId={entry.id} organisation={me.organisation} editable={editable} />
          ) : null}
          <PresencePanel people={live.people} sections={entry.sections} />
          <ActivityFeed activity={refresh.activity.data} failed={refresh.activity.failed} />
          <MembersPanel
            entry={entry}
            me={me}
            onMembersChanged={() => {
              void reloadEntry().catch(() => undefined);
            }}
          />
        </div>
      </div>
    </>
  );
}
