import {
  can,
  type EntryDto,
  type MeDto,
  type SectionDto,
  sectionCharLimit,
  sectionFragmentName,
} from '@jointly/shared';
import type { Editor } from '@tiptap/core';
import { useRef, useState } from 'react';
import type { EntryCollabSession, LocalUser } from '../../collab/EntryCollabSession.ts';
import type { Presence } from '../../collab/presenceFromAwareness.ts';
import { SectionEditor } from '../../components/editor/SectionEditor.tsx';
import { SectionHistory } from '../../components/history/SectionHistory.tsx';
import { CopyForPortal } from '../../components/portalCopy/CopyForPortal.tsx';
import { portalCopyOf, portalCopyReady } from '../../components/portalCopy/portalCopyOf.ts';
import { AnchoredComments } from '../../components/review/AnchoredComments.tsx';
import { useSectionComments } from '../../components/review/useSectionComments.ts';
import { sectionIds } from '../../components/sectionIds.ts';
import { SectionCard } from '../../components/sections/SectionCard.tsx';
import { ViewerSuggestForm } from '../../components/suggestions/ViewerSuggestForm.tsx';
import type { CommentAnchorHandlers } from '../../editor/CommentAnchors.ts';
import { SectionFooter } from './SectionFooter.tsx';
import type { EntryEvidence } from './useEntryEvidence.ts';

type WorkspaceSectionProps = {
  entry: EntryDto;
  me: MeDto;
  section: SectionDto;
  /** 1-based position among the entry's sections. */
  position: number;
  session: EntryCollabSession | null;
  user: LocalUser;
  /** Everyone present in the entry; the card shows those in this section. */
  people: Presence[];
  documentLoaded: boolean;
  evidence: EntryEvidence;
  /** The person may edit and the connection lets edits through. */
  editable: boolean;
  /** Focus the text once the editor exists (a deep link to this section, for someone who may edit it). */
  autoFocus: boolean;
  reloadEntry: () => Promise<void>;
};

/** One section of the open entry: its card, its live editor on the shared document, and what sits under it. */
export function WorkspaceSection({
  entry,
  me,
  section,
  position,
  session,
  user,
  people,
  documentLoaded,
  evidence,
  editable,
  autoFocus,
  reloadEntry,
}: WorkspaceSectionProps) {
  const ids = sectionIds(section.id);
  // Comments anchored to the text (issue 14 item 2): the editor's highlights call into the margin threads.
  const anchorHandlers = useRef<CommentAnchorHandlers>({});
  const [editor, setEditor] = useState<Editor | null>(null);
  // Read once here for both views of them: the margin beside the words, the list under the section.
  const comments = useSectionComments(entry.id, section.id, {
    onEntryChanged: () => void reloadEntry().catch(() => undefined),
  });
  const fragment = session ? session.doc.getXmlFragment(sectionFragmentName(section.id)) : null;
  return (
    <SectionCard
      section={section}
      position={position}
      total={entry.sections.length}
      fragment={fragment}
      documentLoaded={documentLoaded}
      people={people.filter((person) => person.sectionId === section.id)}
      onFocusWithin={() => session?.setCurrentSection(section.id)}
      onBlurWithin={() => session?.setCurrentSection(null)}
      headerActions={
        <CopyForPortal
          sectionTitle={section.title}
          read={() =>
            fragment &&
            documentLoaded &&
            portalCopyReady(evidence.provenance.data !== null, evidence.items.citations[section.id] ?? [], (id) =>
              evidence.exhibits.get(id),
            )
              ? portalCopyOf(fragment, evidence.items, evidence.labelOf)
              : null
          }
        />
      }
      wrapText={(text) => (
        <AnchoredComments
          section={section}
          comments={comments}
          members={entry.members}
          meUserId={me.user.id}
          mayComment={entry.role !== 'viewer'}
          submitted={entry.status === 'submitted'}
          editor={editor}
          handlers={anchorHandlers}
        >
          {text}
        </AnchoredComments>
      )}
      signoff={{
        entryId: entry.id,
        mayApprove: entry.role === 'lead' && entry.status !== 'submitted',
        mayRequestReview: entry.role !== 'viewer' && entry.status !== 'submitted',
        onApproved: () => reloadEntry().catch(() => undefined),
      }}
      footer={
        <>
          {/* A viewer may suggest when a lead allows it (C-SUGGEST-5); the server writes the suggestion. */}
          {entry.role === 'viewer' && entry.viewersMaySuggest === true && entry.status !== 'submitted' && session ? (
            <ViewerSuggestForm entryId={entry.id} section={section} editor={editor} />
          ) : null}
          <SectionFooter
            entry={entry}
            me={me}
            section={section}
            comments={comments}
            evidence={evidence}
            reloadEntry={reloadEntry}
          />
          <SectionHistory
            entryId={entry.id}
            section={section}
            fragment={fragment}
            mayRestore={can(entry.role, 'edit') && entry.status !== 'submitted'}
          />
        </>
      }
    >
      {session && fragment ? (
        <SectionEditor
          anchorHandlers={anchorHandlers}
          onEditor={setEditor}
          fragment={fragment}
          provider={session.provider}
          user={user}
          sectionTitle={section.title}
          describedBy={`${ids.wordCount} ${ids.sizeNotice}`}
          editable={editable}
          autoFocus={autoFocus}
          exhibits={evidence.exhibits}
          citeOptions={evidence.citeOptions}
          charLimit={sectionCharLimit(section.wordLimit)}
          suggestions={{ entryId: entry.id, sectionId: section.id, isLead: entry.role === 'lead' }}
        />
      ) : null}
    </SectionCard>
  );
}
