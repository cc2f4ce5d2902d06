import { sectionCharLimit } from '@jointly/shared';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { LocalUser } from '../../collab/EntryCollabSession.ts';
import { useSectionWordCount } from '../../collab/useSectionWordCount.ts';
import { useAnnouncedChange } from '../../hooks/useAnnouncedChange.ts';
import { SectionEditor } from '../editor/SectionEditor.tsx';
import { speakingTime } from './speakingTime.ts';

/** The entry's live document as the outline binds to it (from the workspace's one session). */
export type OutlineBinding = {
  /** The `finalistOutline` fragment of the entry's document. */
  fragment: Y.XmlFragment;
  provider: { awareness: Awareness };
  user: LocalUser;
  /** The connection lets edits through now. */
  connected: boolean;
};

type FinalistOutlineProps = {
  entryId: string;
  binding: OutlineBinding;
  /** The stage is open and this person is a lead or contributor (the server's rule, C-WRITE-5). */
  editable: boolean;
  wordsPerMinute: number;
  timeLimitMinutes: number | null;
};

const TITLE = 'Presentation outline';

/**
 * The finalist stage's co-written presentation outline (issue 17 item 4): a
 * section's editor bound to the entry's `finalistOutline` fragment, with a
 * live speaking-time estimate (its words at the stage's pace) against the
 * time limit. Over the limit is said in words, and screen readers hear only
 * the crossings, as with a section's word count. Citations and comments are
 * not offered (no exhibits or threads here); the schema is a section's, so
 * nothing written is lost.
 */
export function FinalistOutline({
  entryId,
  binding,
  editable,
  wordsPerMinute,
  timeLimitMinutes,
}: FinalistOutlineProps) {
  const words = useSectionWordCount(binding.fragment, 0, true);
  const estimate = speakingTime(words, wordsPerMinute, timeLimitMinutes);
  const announcement = useAnnouncedChange(estimate.over, (over) =>
    over
      ? `The presentation outline is over its ${timeLimitMinutes} minute time limit.`
      : `The presentation outline is within its ${timeLimitMinutes} minute time limit again.`,
  );

  const ids = {
    heading: `outline-heading-${entryId}`,
    hint: `outline-hint-${entryId}`,
    time: `outline-time-${entryId}`,
  };
  return (
    <section className="jointly-finalist__outline" aria-labelledby={ids.heading}>
      <h4 className="nhsuk-heading-xs" id={ids.heading}>
        {TITLE}
      </h4>
      <p className="nhsuk-body-s" id={ids.hint}>
        {editable
          ? 'Leads and contributors of every organisation write it together; it is not part of the submitted entry.'
          : 'Read-only: it is written by leads and contributors while the finalist stage is open.'}
      </p>
      <SectionEditor
        fragment={binding.fragment}
        provider={binding.provider}
        user={binding.user}
        sectionTitle={TITLE}
        describedBy={`${ids.hint} ${ids.time}`}
        editable={editable}
        autoFocus={false}
        charLimit={sectionCharLimit(null)}
        plain
      />
      <p className={`jointly-word-count${estimate.over ? ' jointly-word-count--over' : ''}`} id={ids.time}>
        Speaking time: <strong>{estimate.text}</strong> ({words.toLocaleString('en-GB')} words at {wordsPerMinute} a
        minute)
      </p>
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
