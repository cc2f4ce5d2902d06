import {
  buildExhibits,
  can,
  type EntryDto,
  type Exhibit,
  judgeLabelOf,
  type MeDto,
  numberForJudges,
  type SectionDto,
  sectionFragmentName,
} from '@jointly/shared';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type * as Y from 'yjs';
import { ApiError } from '../api/ApiError.ts';
import { getEntry } from '../api/apiClient.ts';
import type { LocalUser } from '../collab/EntryCollabSession.ts';
import { useCollabIdentity } from '../collab/useCollabIdentity.ts';
import { useConnectionSelector, useEntryCollabSession } from '../collab/useEntryCollabSession.ts';
import { useEntryItems } from '../collab/useEntryItems.ts';
import { useSectionWordCount } from '../collab/useSectionWordCount.ts';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { WordCount } from '../components/sections/WordCount.tsx';
import { useShortFieldValues } from '../components/shortFields/useShortFieldValues.ts';
import { ExhibitDirectory } from '../editor/ExhibitDirectory.ts';
import { sectionEditorExtensions } from '../editor/sectionEditorExtensions.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { useProvenance } from '../hooks/useProvenance.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * `/entries/:entryId/judge`: the entry as the judges will read it (PRODUCT §3
 * journey 7) — title, category, each section's text read-only with its word
 * count and limit, citations as "see E3", and the numbered exhibits with the
 * evidence export's anonymisation and consent exclusion. Live from the same
 * shared document as the entry page.
 */
export default function JudgePage({ me }: { me: MeDto }) {
  const { entryId = '' } = useParams();
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
  return <JudgeView key={entry.data.id} entry={entry.data} me={me} reloadEntry={entry.reload} />;
}

function JudgeView({ entry, me, reloadEntry }: { entry: EntryDto; me: MeDto; reloadEntry: () => Promise<void> }) {
  const { user, probe } = useCollabIdentity(me, entry.id);
  // Same offline-copy rule as the entry page, so opening the preview never discards an editor's copy.
  const session = useEntryCollabSession(
    entry.id,
    user,
    { probe, onReconnected: () => void reloadEntry().catch(() => undefined) },
    { keepOfflineCopy: can(entry.role, 'edit'), generation: 0 },
  );
  const doc = session?.doc ?? null;
  const documentLoaded = useConnectionSelector(session, (state) => state?.everSynced ?? false);
  const connectionStopped = useConnectionSelector(session, (state) => state?.phase === 'stopped');
  const sectionIdList = useMemo(() => entry.sections.map((section) => section.id), [entry.sections]);
  const items = useEntryItems(doc, sectionIdList);
  const shortFields = useShortFieldValues(doc, entry.shortFields);
  const provenance = useProvenance(entry.id, doc, documentLoaded, !connectionStopped);
  const [exhibits] = useState(() => new ExhibitDirectory());
  const liveItemIds = useMemo(
    () => [...items.testimonials, ...items.evidence].map((item) => item.id),
    [items.testimonials, items.evidence],
  );
  const labels = useMemo(
    () => new Map((provenance.data?.items ?? []).map((item) => [item.itemId, item.label])),
    [provenance.data],
  );
  // The same exhibits, in the same order, withholding and numbering (E1..En, no gaps: I11-16) as the
  // supporting-evidence export; the citations in the text read by the same numbers.
  const model = useMemo(
    () => numberForJudges(buildExhibits(items.testimonials, items.evidence, (id) => labels.get(id) ?? null)),
    [items.testimonials, items.evidence, labels],
  );
  useEffect(() => {
    const judged = (provenance.data?.items ?? []).map((item) => ({
      ...item,
      label: judgeLabelOf(model.numbering, item.label) ?? '',
    }));
    exhibits.update(documentLoaded || liveItemIds.length > 0 ? liveItemIds : null, judged);
  }, [exhibits, documentLoaded, liveItemIds, provenance.data, model]);

  return (
    <>
      <Link className="nhsuk-back-link" to={`/entries/${encodeURIComponent(entry.id)}`}>
        Back to the entry
      </Link>
      <PageHeading caption={`${entry.programme}: ${entry.categoryName}`} title={`${entry.title} – as judges see it`}>
        {entry.title}
      </PageHeading>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          This is how the judges will read the entry now. Testimonials without the consent they need are withheld, and
          anonymised testimonials do not name the person.
        </p>
      </div>
      <dl className="nhsuk-summary-list jointly-judge__facts">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Category</dt>
          <dd className="nhsuk-summary-list__value">{entry.categoryName}</dd>
        </div>
        {shortFields.map(({ field, value }) => (
          <div className="nhsuk-summary-list__row" key={field.id}>
            <dt className="nhsuk-summary-list__key">{field.label}</dt>
            <dd className="nhsuk-summary-list__value">{value || 'Not written yet'}</dd>
          </div>
        ))}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Lead organisation</dt>
          <dd className="nhsuk-summary-list__value">{entry.leadOrganisation.name}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Partners</dt>
          <dd className="nhsuk-summary-list__value">
            {entry.organisations
              .filter((organisation) => organisation.id !== entry.leadOrganisation.id)
              .map((organisation) => organisation.name)
              .join(', ') || 'None'}
          </dd>
        </div>
      </dl>
      {!documentLoaded && !connectionStopped ? <LoadingMessage>Loading the text…</LoadingMessage> : null}
      {connectionStopped ? (
        <ProblemMessage title="The text could not be loaded">
          Go back to the entry to see what happened to the connection.
        </ProblemMessage>
      ) : null}
      {entry.sections.map((section, index) => (
        <JudgeSection
          key={section.id}
          section={section}
          position={index + 1}
          fragment={doc ? doc.getXmlFragment(sectionFragmentName(section.id)) : null}
          documentLoaded={documentLoaded}
          user={user}
          exhibits={exhibits}
        />
      ))}
      <section className="jointly-judge__exhibits" aria-labelledby="judge-exhibits-heading">
        <h2 className="nhsuk-heading-l" id="judge-exhibits-heading">
          Supporting evidence
        </h2>
        {model.exhibits.length === 0 && model.withheld.length === 0 ? (
          <p className="nhsuk-body">There are no exhibits.</p>
        ) : null}
        {model.exhibits.map((exhibit) => (
          <JudgeExhibitCard key={exhibit.itemId} exhibit={exhibit} />
        ))}
        {model.withheld.length > 0 ? (
          <>
            <h3 className="nhsuk-heading-s">Withheld</h3>
            <ul className="nhsuk-list">
              {model.withheld.map((item, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: withheld exhibits carry no id on purpose.
                <li key={index}>
                  {item.label ?? 'An exhibit'}: {item.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

type JudgeSectionProps = {
  section: SectionDto;
  position: number;
  fragment: Y.XmlFragment | null;
  documentLoaded: boolean;
  user: LocalUser;
  exhibits: ExhibitDirectory;
};

function JudgeSection({ section, position, fragment, documentLoaded, user, exhibits }: JudgeSectionProps) {
  const words = useSectionWordCount(fragment, section.words, documentLoaded);
  const headingId = `judge-section-${section.id}`;
  return (
    <section className="jointly-judge__section" aria-labelledby={headingId}>
      <h2 className="nhsuk-heading-m nhsuk-u-margin-bottom-1" id={headingId}>
        {position}. {section.title}
      </h2>
      <WordCount
        id={`judge-section-${section.id}-words`}
        words={words}
        limit={section.wordLimit}
        sectionTitle={section.title}
      />
      {fragment ? <ReadOnlyText fragment={fragment} user={user} exhibits={exhibits} /> : null}
      {documentLoaded && words === 0 ? <p className="nhsuk-body jointly-muted">No text yet.</p> : null}
    </section>
  );
}

/** A section's text, read-only, bound to its fragment (the editor's schema and citations, no carets). */
function ReadOnlyText({
  fragment,
  user,
  exhibits,
}: {
  fragment: Y.XmlFragment;
  user: LocalUser;
  exhibits: ExhibitDirectory;
}) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: user and exhibits are fixed for a fragment's lifetime.
  const extensions = useMemo(
    () => sectionEditorExtensions({ fragment, provider: null, user, placeholder: '', exhibits }),
    [fragment],
  );
  const editor = useEditor(
    {
      extensions,
      editable: false,
      shouldRerenderOnTransaction: false,
      editorProps: { attributes: { class: 'jointly-judge__text', lang: 'en-GB' } },
    },
    [extensions],
  );
  if (!editor) return null;
  return <EditorContent editor={editor} />;
}

function JudgeExhibitCard({ exhibit }: { exhibit: Exhibit }) {
  const label = exhibit.label ?? 'Label pending';
  return (
    <article className="nhsuk-card jointly-judge__exhibit" aria-labelledby={`judge-exhibit-${exhibit.itemId}`}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s" id={`judge-exhibit-${exhibit.itemId}`}>
          {label}: {exhibit.kind === 'evidence' ? exhibit.title : `Testimonial from ${exhibit.attribution}`}
        </h3>
        {exhibit.kind === 'testimonial' ? (
          <blockquote className="jointly-judge__quote">
            <p>“{exhibit.quote}”</p>
            <footer>— {exhibit.attribution}</footer>
          </blockquote>
        ) : null}
        {exhibit.fields.length > 0 ? (
          <dl className="nhsuk-summary-list nhsuk-summary-list--no-border">
            {exhibit.fields.map((field) => (
              <div className="nhsuk-summary-list__row" key={field.label}>
                <dt className="nhsuk-summary-list__key">{field.label}</dt>
                <dd className="nhsuk-summary-list__value">{field.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </div>
    </article>
  );
}
