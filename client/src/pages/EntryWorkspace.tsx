import {
  CloseCode,
  can,
  checkCitations,
  type EntryDto,
  type MeDto,
  sectionCharLimit,
  sectionFragmentName,
} from '@jointly/shared';
import { coverageItems, evaluateCoverage, findCategory, type RuleResult } from '@jointly/templates';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/ApiError.ts';
import { listActivity, listSubmissions } from '../api/apiClient.ts';
import { canEditWhile, hasUnsavedEdits } from '../collab/connectionState.ts';
import { useEntryContentHash } from '../collab/liveStatus.ts';
import { discardOfflineCopy } from '../collab/offlineCopies.ts';
import { useCollabIdentity } from '../collab/useCollabIdentity.ts';
import { useConnectionSelector, useEntryCollabSession } from '../collab/useEntryCollabSession.ts';
import { useEntryItems } from '../collab/useEntryItems.ts';
import { usePresence } from '../collab/usePresence.ts';
import type { CiteOption } from '../components/editor/CiteForm.tsx';
import { SectionEditor } from '../components/editor/SectionEditor.tsx';
import { ActivityFeed } from '../components/entry/ActivityFeed.tsx';
import { ConnectionStatusBar } from '../components/entry/ConnectionStatusBar.tsx';
import { ContributorRegister } from '../components/entry/ContributorRegister.tsx';
import { CoverageList } from '../components/entry/CoverageList.tsx';
import { CoverageSummary } from '../components/entry/CoverageSummary.tsx';
import { PresencePanel } from '../components/entry/PresencePanel.tsx';
import { itemTitle } from '../components/items/ItemCard.tsx';
import { byExhibitLabel, ItemsPanel } from '../components/items/ItemsPanel.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage } from '../components/layout/ProblemMessage.tsx';
import { MembersPanel } from '../components/members/MembersPanel.tsx';
import { AssignSection } from '../components/review/SectionAssignment.tsx';
import { SectionComments } from '../components/review/SectionComments.tsx';
import { SectionCard, sectionIds } from '../components/sections/SectionCard.tsx';
import { SectionCitationProblems } from '../components/sections/SectionCitationProblems.tsx';
import { SectionContributors } from '../components/sections/SectionContributors.tsx';
import { SectionNavigator } from '../components/sections/SectionNavigator.tsx';
import { EntryHistory } from '../components/signoff/EntryHistory.tsx';
import { SignoffPanel } from '../components/signoff/SignoffPanel.tsx';
import { SubmittedBanner } from '../components/signoff/SubmittedBanner.tsx';
import { SIGNOFF_REFRESH_MS } from '../config.ts';
import { ExhibitDirectory } from '../editor/ExhibitDirectory.ts';
import { formatDate } from '../format/formatDate.ts';
import { ROLE_LABELS } from '../format/roleLabels.ts';
import { useBeforeUnloadWarning } from '../hooks/useBeforeUnloadWarning.ts';
import { useProvenance } from '../hooks/useProvenance.ts';
import { useRefreshed } from '../hooks/useRefreshed.ts';

type EntryWorkspaceProps = {
  entry: EntryDto;
  me: MeDto;
  reloadEntry: () => Promise<void>;
  /** From a deep link `/entries/:id/sections/:sectionId`: the section to scroll to and focus. */
  focusSectionId: string | null;
};

/** An open entry: its sections' live editors on one shared document, the connection state, people and members. */
export function EntryWorkspace({ entry, me, reloadEntry, focusSectionId }: EntryWorkspaceProps) {
  const { user, probe } = useCollabIdentity(me, entry.id);

  // A viewer's browser keeps no copy of the document: it could only hold edits the server refuses.
  const roleMayEdit = can(entry.role, 'edit');
  // Bumped to open a fresh session from the server after this browser's copy was discarded.
  const [generation, setGeneration] = useState(0);
  const session = useEntryCollabSession(
    entry.id,
    user,
    {
      probe,
      // Roles may have changed while we were away (a role change closes the socket with 4100,
      // C-REVOKE-3); a 404 means we were removed.
      onReconnected: () => {
        reloadEntry().catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) session?.stop(CloseCode.accessRemoved);
        });
      },
    },
    { keepOfflineCopy: roleMayEdit, generation },
  );
  const people = usePresence(session);

  /** Why this browser's copy was discarded, told until the person may edit again. */
  const [discardNotice, setDiscardNotice] = useState<string | null>(null);

  // Throws away this browser's copy (the server refused it, or it holds edits the server will
  // never take) and starts again from what the server has, without reloading the page.
  const resetLocalCopy = useCallback(
    async (notice: string | null) => {
      await session?.destroy();
      await discardOfflineCopy(entry.id).catch(() => undefined);
      setDiscardNotice(notice);
      setGeneration((current) => current + 1);
    },
    [session, entry.id],
  );

  // The page follows the role it last read: promoted, it keeps a copy again (the editors become
  // editable below); made viewer, its copy goes, and edits not yet saved with it, since the server
  // refuses a viewer's writes and would leave them "Saving…" for ever (C-WRITE-1, C-ACK-3).
  useEffect(() => {
    if (!session) return;
    if (roleMayEdit) {
      session.startKeepingOfflineCopy();
      setDiscardNotice(null);
      return;
    }
    if (!session.keepsOfflineCopy) return;
    if (hasUnsavedEdits(session.getState())) {
      void resetLocalCopy(
        `Your role is now ${ROLE_LABELS[entry.role].toLowerCase()}: changes not yet saved were discarded.`,
      );
    } else {
      void session.stopKeepingOfflineCopy().catch(() => undefined);
    }
  }, [session, roleMayEdit, entry.role, resetLocalCopy]);

  const unsaved = useConnectionSelector(session, (state) => state !== null && hasUnsavedEdits(state));
  const connectionAllowsEditing = useConnectionSelector(session, (state) => state !== null && canEditWhile(state));
  const documentLoaded = useConnectionSelector(session, (state) => state?.everSynced ?? false);
  useBeforeUnloadWarning(unsaved);

  // Testimonials, evidence and citations live from the document; labels and authorship from the server.
  const doc = session?.doc ?? null;
  const sectionIdList = useMemo(() => entry.sections.map((section) => section.id), [entry.sections]);
  const sectionTitles = useMemo(
    () => new Map(entry.sections.map((section) => [section.id, section.title])),
    [entry.sections],
  );
  // Connected, synced and everything saved: the server's provenance can include our latest changes.
  const upToDate = useConnectionSelector(
    session,
    (state) => state !== null && state.phase === 'connected' && state.synced && !hasUnsavedEdits(state),
  );
  // Once the connection stopped (signed out, access removed) the server would refuse to say.
  const connectionStopped = useConnectionSelector(session, (state) => state?.phase === 'stopped');
  const provenance = useProvenance(entry.id, doc, upToDate, !connectionStopped);
  const provenanceItems = provenance.data?.items ?? [];
  // With the server's labels, references typed as text ("see E4") count as citations too.
  const items = useEntryItems(doc, sectionIdList, provenance.data?.items ?? null);
  const [exhibits] = useState(() => new ExhibitDirectory());
  const liveItemIds = useMemo(
    () => [...items.testimonials, ...items.evidence].map((item) => item.id),
    [items.testimonials, items.evidence],
  );
  const knowsItems = documentLoaded || liveItemIds.length > 0;
  useEffect(() => {
    exhibits.update(knowsItems ? liveItemIds : null, provenance.data?.items ?? [], provenance.data !== null);
  }, [exhibits, knowsItems, liveItemIds, provenance.data]);

  const labelOrder = byExhibitLabel(new Map(provenanceItems.map((item) => [item.itemId, item])));
  const citeOptions: CiteOption[] = [
    ...[...items.testimonials].sort(labelOrder).map((item) => ({ collection: 'testimonials' as const, item })),
    ...[...items.evidence].sort(labelOrder).map((item) => ({ collection: 'evidence' as const, item })),
  ].map((view) => ({
    itemId: view.item.id,
    text: `${exhibits.get(view.item.id).status === 'labelled' ? provenanceItems.find((p) => p.itemId === view.item.id)?.label : 'Label pending'}: ${itemTitle(view)}`,
  }));

  const template = findCategory(entry.categoryId) ?? null;
  const coverage = template
    ? evaluateCoverage(template, {
        ...coverageItems(items.testimonials, items.evidence, provenanceItems),
        citations: items.citations,
        organisations: entry.organisations,
      })
    : null;
  const citationReport = checkCitations({
    citations: items.citations,
    itemIds: liveItemIds,
    deletedItemIds: provenanceItems.filter((item) => item.deleted !== null).map((item) => item.itemId),
  });
  const labelOf = (itemId: string) => provenanceItems.find((item) => item.itemId === itemId)?.label ?? null;

  // Sign-off: live entry hash (endorsements), submitted versions and activity, read again with the entry.
  const submitted = entry.status === 'submitted';
  const liveEntryHash = useEntryContentHash(doc, sectionIdList, documentLoaded);
  const submissions = useRefreshed(() => listSubmissions(entry.id), entry, !connectionStopped);
  const activity = useRefreshed(() => listActivity(entry.id), entry, !connectionStopped);
  const latestSubmission = submissions.data?.reduce<(typeof submissions.data)[number] | null>(
    (latest, s) => (latest === null || s.version > latest.version ? s : latest),
    null,
  );

  // Approvals and endorsements by others reach this page when it reads the entry again: on
  // reconnecting (submit and reopen close the socket with 4101), after our own actions, and
  // every SIGNOFF_REFRESH_MS while the page is visible.
  const reloadRef = useRef(reloadEntry);
  reloadRef.current = reloadEntry;
  useEffect(() => {
    if (connectionStopped) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reloadRef.current().catch(() => undefined);
    }, SIGNOFF_REFRESH_MS);
    return () => clearInterval(timer);
  }, [connectionStopped]);

  // Say it when the entry is submitted or reopened, whoever did it and in whichever browser.
  const [statusAnnouncement, setStatusAnnouncement] = useState('');
  const previousStatus = useRef(entry.status);
  useEffect(() => {
    if (previousStatus.current === entry.status) return;
    previousStatus.current = entry.status;
    setStatusAnnouncement(
      entry.status === 'submitted'
        ? 'This entry has been submitted. It can no longer be changed.'
        : 'This entry has been reopened for editing.',
    );
  }, [entry.status]);

  const mayEdit = can(entry.role, 'edit') && !submitted;
  const editable = mayEdit && connectionAllowsEditing;
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

      <ConnectionStatusBar session={session} onResetLocalCopy={() => void resetLocalCopy(null)} />
      {discardNotice ? <ProblemMessage title="Changes discarded">{discardNotice}</ProblemMessage> : null}

      {entry.role === 'viewer' ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>You are a viewer on this entry: you can read it and follow its progress, but not change it.</p>
        </div>
      ) : null}
      {submitted ? (
        <SubmittedBanner
          entryId={entry.id}
          latest={latestSubmission ?? null}
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
          {entry.sections.map((section, index) => {
            const ids = sectionIds(section.id);
            const fragment = session ? session.doc.getXmlFragment(sectionFragmentName(section.id)) : null;
            return (
              <SectionCard
                key={section.id}
                section={section}
                position={index + 1}
                total={entry.sections.length}
                fragment={fragment}
                documentLoaded={documentLoaded}
                people={people.filter((person) => person.sectionId === section.id)}
                onFocusWithin={() => session?.setCurrentSection(section.id)}
                onBlurWithin={() => session?.setCurrentSection(null)}
                signoff={{
                  entryId: entry.id,
                  mayApprove: entry.role === 'lead' && !submitted,
                  onApproved: () => reloadEntry().catch(() => undefined),
                }}
                footer={
                  <>
                    <SectionContributors
                      sectionId={section.id}
                      provenance={provenance.data?.sections.find((s) => s.sectionId === section.id) ?? null}
                      loaded={provenance.data !== null}
                    />
                    <SectionCitationProblems
                      broken={citationReport.broken.filter((broken) => broken.sectionId === section.id)}
                      labelOf={labelOf}
                    />
                    {coverage ? (
                      <SectionCoverage
                        sectionId={section.id}
                        title={section.title}
                        rules={coverage.sections.find((s) => s.sectionId === section.id)?.rules ?? []}
                      />
                    ) : null}
                    {can(entry.role, 'assignSections') && !submitted ? (
                      <AssignSection
                        entryId={entry.id}
                        section={section}
                        members={entry.members}
                        onAssigned={() => reloadEntry().catch(() => undefined)}
                      />
                    ) : null}
                    <SectionComments
                      entryId={entry.id}
                      section={section}
                      members={entry.members}
                      meUserId={me.user.id}
                      mayComment={can(entry.role, 'edit')}
                      submitted={submitted}
                      onEntryChanged={() => void reloadEntry().catch(() => undefined)}
                    />
                  </>
                }
              >
                {session && fragment ? (
                  <SectionEditor
                    fragment={fragment}
                    provider={session.provider}
                    user={user}
                    sectionTitle={section.title}
                    describedBy={`${ids.wordCount} ${ids.sizeNotice}`}
                    editable={editable}
                    autoFocus={mayEdit && focusSection?.id === section.id}
                    exhibits={exhibits}
                    citeOptions={citeOptions}
                    charLimit={sectionCharLimit(section.wordLimit)}
                  />
                ) : null}
              </SectionCard>
            );
          })}
          {coverage ? (
            <CoverageSummary
              report={coverage}
              brokenCitations={citationReport.broken}
              sectionTitles={sectionTitles}
              labelOf={labelOf}
            />
          ) : null}
          <SignoffPanel entry={entry} me={me} liveEntryHash={liveEntryHash} reloadEntry={reloadEntry} />
          <EntryHistory entryId={entry.id} submissions={submissions.data} failed={submissions.failed} />
          <ContributorRegister
            rows={provenance.data?.register ?? null}
            sectionTitles={sectionTitles}
            items={provenanceItems}
          />
        </div>
        <div className="nhsuk-grid-column-one-third jointly-sidebar">
          <ItemsPanel
            doc={doc}
            items={items}
            provenance={provenance.data}
            provenanceFailed={provenance.failed}
            sections={entry.sections}
            editable={editable}
          />
          <PresencePanel people={people} sections={entry.sections} />
          <ActivityFeed activity={activity.data} failed={activity.failed} />
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

/** The coverage rules of one section, under its text. */
function SectionCoverage({ sectionId, title, rules }: { sectionId: string; title: string; rules: RuleResult[] }) {
  if (rules.length === 0) return null;
  return (
    <div className="jointly-section__coverage">
      <h3 className="nhsuk-heading-xs" id={`section-${sectionId}-coverage`}>
        What this section must contain
      </h3>
      <CoverageList label={`Checks: ${title}`} rules={rules} />
    </div>
  );
}
