import { type EntryDto, type MeDto, type SectionDto, sectionCharLimit, sectionFragmentName } from '@jointly/shared';
import type { EntryCollabSession, LocalUser } from '../../collab/EntryCollabSession.ts';
import type { Presence } from '../../collab/presenceFromAwareness.ts';
import { SectionEditor } from '../../components/editor/SectionEditor.tsx';
import { sectionIds } from '../../components/sectionIds.ts';
import { SectionCard } from '../../components/sections/SectionCard.tsx';
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
      signoff={{
        entryId: entry.id,
        mayApprove: entry.role === 'lead' && entry.status !== 'submitted',
        onApproved: () => reloadEntry().catch(() => undefined),
      }}
      footer={<SectionFooter entry={entry} me={me} section={section} evidence={evidence} reloadEntry={reloadEntry} />}
    >
      {session && fragment ? (
        <SectionEditor
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
        />
      ) : null}
    </SectionCard>
  );
}
