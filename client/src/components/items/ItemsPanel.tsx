import {
  addItem,
  consentProblems,
  ERASED_PLACEHOLDER,
  EVIDENCE_MAP,
  type ItemProvenanceDto,
  type ProvenanceDto,
  removeItem,
  TESTIMONIALS_MAP,
  type TestimonialFields,
  updateItem,
} from '@jointly/shared';
import { type EvidenceWindow, evidenceDateProblem } from '@jointly/templates';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { EntryItems } from '../../collab/useEntryItems.ts';
import { plural } from '../../format/plural.ts';
import { EraseTestimonialData } from '../erasure/EraseTestimonialData.tsx';
import { PutInLibraryButton } from '../reuse/PutInLibraryButton.tsx';
import { EvidenceForm, type EvidenceFormFields } from './EvidenceForm.tsx';
import { editItemFiles } from './files/editItemFiles.ts';
import { ItemFiles } from './files/ItemFiles.tsx';
import { useEntryFiles } from './files/useEntryFiles.ts';
import { ItemCard, type ItemView, itemIds, itemTitle } from './ItemCard.tsx';
import { TestimonialForm } from './TestimonialForm.tsx';
import { withCurrentFiles } from './withCurrentFiles.ts';

type Editing = {
  collection: 'testimonials' | 'evidence';
  itemId: string | null;
  /** The item as it was when the form opened: the save writes only what differs from it. */
  snapshot: ItemView['item'] | null;
  returnFocusTo: string;
} | null;

type ItemsPanelProps = {
  entryId: string;
  /** The entry's shared document; null before it is open. */
  doc: Y.Doc | null;
  items: EntryItems;
  provenance: ProvenanceDto | null;
  provenanceFailed: boolean;
  sections: { id: string; title: string }[];
  /** The category's evidence dates (issue 13); null when the category is unknown. */
  evidenceWindow?: EvidenceWindow | null;
  editable: boolean;
  /** A lead may erase a testimonial's subject (issue 18 item 2), also once submitted. */
  mayErase?: boolean;
};

const ADD_BUTTON_ID = { testimonials: 'add-testimonial', evidence: 'add-evidence' } as const;
const LIST_HEADING_ID = { testimonials: 'testimonials-heading', evidence: 'evidence-heading' } as const;

/** Exhibits in label order (E1, E2, … E10), those still waiting for a label last. */
export function byExhibitLabel(provenance: Map<string, ItemProvenanceDto>) {
  const rank = (id: string) => {
    const match = /^E(\d+)$/.exec(provenance.get(id)?.label ?? '');
    return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
  };
  return (a: { id: string }, b: { id: string }) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : 1);
}

/**
 * "Testimonials and evidence": the entry's items, live from the shared
 * document, each with its exhibit label and who added and changed it (from the
 * server's provenance), flags for items cited nowhere and for missing consent,
 * and (for editors) forms to add, change and remove them. Every action is one
 * transaction on the document, so everyone sees it at once.
 */
export function ItemsPanel({
  entryId,
  doc,
  items,
  provenance,
  provenanceFailed,
  sections,
  evidenceWindow = null,
  editable,
  mayErase = false,
}: ItemsPanelProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const citedFileIds = [
    ...items.evidence.flatMap((item) => item.files),
    ...items.testimonials.flatMap((item) => item.consent?.forms ?? []),
  ];
  const entryFiles = useEntryFiles(entryId, citedFileIds);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const provenanceById = useMemo(
    () => new Map((provenance?.items ?? []).map((item) => [item.itemId, item])),
    [provenance],
  );
  const sectionTitles = useMemo(() => new Map(sections.map((s) => [s.id, s.title])), [sections]);
  const cited = useMemo(() => new Set(Object.values(items.citations).flat()), [items.citations]);
  const order = byExhibitLabel(provenanceById);
  const testimonials: ItemView[] = [...items.testimonials]
    .sort(order)
    .map((item) => ({ collection: 'testimonials', item }));
  const evidence: ItemView[] = [...items.evidence].sort(order).map((item) => ({ collection: 'evidence', item }));

  // A lead may erase a testimonial's subject once: an erased one reads the placeholder (issue 18 item 2).
  // The control stays on an erased card, offering nothing, so the outcome it announced stays too.
  const erased = (view: ItemView) =>
    view.collection === 'testimonials' &&
    (view.item.quote === ERASED_PLACEHOLDER || view.item.personName === ERASED_PLACEHOLDER);
  const hasEraseControl = (view: ItemView) => mayErase && view.collection === 'testimonials';
  const problemsOf = (view: ItemView) => (view.collection === 'testimonials' ? consentProblems(view.item) : []);
  const dateFlagsOf = (view: ItemView): string[] => {
    if (view.collection !== 'evidence' || evidenceWindow === null) return [];
    const problem = evidenceDateProblem(view.item.date, evidenceWindow);
    return problem ? [problem] : [];
  };
  const flagged = [...testimonials, ...evidence].filter(
    (view) => !cited.has(view.item.id) || problemsOf(view).length > 0 || dateFlagsOf(view).length > 0,
  ).length;

  useEffect(() => {
    if (focusTarget === null) return;
    const element = document.getElementById(focusTarget);
    if (element) {
      element.focus();
      setFocusTarget(null);
    }
  });

  // Someone else removed the item being edited: the form would save nowhere.
  const editingGone =
    editing?.itemId != null &&
    !(editing.collection === 'testimonials' ? items.testimonials : items.evidence).some(
      (item) => item.id === editing.itemId,
    );

  const closeForm = (focusId: string) => {
    setEditing(null);
    setFocusTarget(focusId);
  };

  const save = (
    collection: 'testimonials' | 'evidence',
    formFields: TestimonialFields | EvidenceFormFields,
  ): string | null => {
    if (!doc || !editing) return 'The entry is not open yet. Try again in a moment.';
    const map = doc.getMap<unknown>(collection === 'testimonials' ? TESTIMONIALS_MAP : EVIDENCE_MAP);
    const noun = collection === 'testimonials' ? 'Testimonial' : 'Evidence';
    const fields = withCurrentFiles(map, editing.itemId, formFields);
    if (editing.itemId === null) {
      const id = addItem(map, fields);
      setAnnouncement(`${noun} added. Its exhibit label will follow shortly.`);
      closeForm(itemIds(id).heading);
      return null;
    }
    const previous = editing.snapshot;
    // Write only what this person changed, so others' changes to other fields survive.
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (!previous || JSON.stringify(previous[key as keyof typeof previous]) !== JSON.stringify(value)) {
        changed[key] = value;
      }
    }
    if (!updateItem(map, editing.itemId, changed)) {
      return 'Someone removed this item while you were changing it. Cancel, then add it again if it is still needed.';
    }
    setAnnouncement(`${noun} saved.`);
    closeForm(itemIds(editing.itemId).heading);
    return null;
  };

  const remove = (view: ItemView) => {
    if (!doc) return;
    removeItem(doc.getMap<unknown>(view.collection === 'testimonials' ? TESTIMONIALS_MAP : EVIDENCE_MAP), view.item.id);
    setAnnouncement(`Removed ${view.collection === 'testimonials' ? 'testimonial' : 'evidence'}: ${itemTitle(view)}.`);
    setFocusTarget(LIST_HEADING_ID[view.collection]);
  };

  const anonymise = (view: ItemView) => {
    if (!doc || view.collection !== 'testimonials') return;
    updateItem(doc.getMap<unknown>(TESTIMONIALS_MAP), view.item.id, { anonymise: true });
    setAnnouncement(`Testimonial anonymised: the name will be hidden from the judges.`);
  };

  const attachmentsOf = (view: ItemView) => {
    const evidence = view.collection === 'evidence';
    const fileIds = evidence ? view.item.files : (view.item.consent?.forms ?? []);
    return (
      <ItemFiles
        entryId={entryId}
        id={`item-${view.item.id}-files`}
        heading={evidence ? 'Attached files' : 'Signed consent forms'}
        attachLabel={evidence ? 'Attach files' : 'Attach signed consent forms'}
        target={`${evidence ? 'evidence' : 'testimonial'}: ${itemTitle(view)}`}
        fileIds={fileIds}
        byId={entryFiles.byId}
        maxBytes={entryFiles.maxBytes}
        editable={editable && doc !== null}
        onEdit={(edit) => {
          if (doc) editItemFiles(doc, view.collection, view.item.id, edit);
        }}
        onUploaded={entryFiles.add}
      />
    );
  };

  const renderList = (collection: 'testimonials' | 'evidence', views: ItemView[]) => (
    <>
      <h3 className="nhsuk-heading-xs jointly-items__heading" id={LIST_HEADING_ID[collection]} tabIndex={-1}>
        {collection === 'testimonials' ? 'Testimonials' : 'Evidence'}
      </h3>
      {views.length === 0 ? (
        <p className="nhsuk-body-s jointly-muted">
          {collection === 'testimonials' ? 'No testimonials yet.' : 'No evidence yet.'}
        </p>
      ) : (
        <ul className="nhsuk-list jointly-items__list" aria-labelledby={LIST_HEADING_ID[collection]}>
          {views.map((view) => (
            <ItemCard
              key={view.item.id}
              view={view}
              provenance={provenanceById.get(view.item.id) ?? null}
              provenanceLoaded={provenance !== null}
              sectionTitles={sectionTitles}
              cited={cited.has(view.item.id)}
              consentProblems={problemsOf(view)}
              otherFlags={dateFlagsOf(view)}
              attachments={attachmentsOf(view)}
              editable={editable && editing === null}
              libraryAction={
                editable || hasEraseControl(view) ? (
                  <>
                    {editable ? (
                      <PutInLibraryButton entryId={entryId} itemId={view.item.id} title={itemTitle(view)} />
                    ) : null}
                    {hasEraseControl(view) ? (
                      <EraseTestimonialData
                        entryId={entryId}
                        itemId={view.item.id}
                        title={itemTitle(view)}
                        erased={erased(view)}
                      />
                    ) : null}
                  </>
                ) : null
              }
              onEdit={() =>
                setEditing({
                  collection,
                  itemId: view.item.id,
                  snapshot: view.item,
                  returnFocusTo: itemIds(view.item.id).heading,
                })
              }
              onRemove={() => remove(view)}
              onAnonymise={() => anonymise(view)}
            />
          ))}
        </ul>
      )}
    </>
  );

  const editingItem = editing?.snapshot ?? null;

  return (
    <section className="jointly-panel jointly-items" aria-labelledby="items-heading">
      <h2 className="nhsuk-heading-s" id="items-heading">
        Testimonials and evidence
      </h2>
      <p className="nhsuk-body-s" role="status">
        {flagged > 0 ? (
          <>
            <span className="nhsuk-u-visually-hidden">Warning: </span>
            {plural(flagged, 'item needs', 'items need')} attention.
          </>
        ) : testimonials.length + evidence.length > 0 ? (
          'Every item is cited and has the consent it needs.'
        ) : null}
      </p>
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
      {provenanceFailed ? (
        <p className="nhsuk-body-s jointly-muted">
          Labels and history could not be refreshed; they may be out of date.
        </p>
      ) : null}
      {editable && editing === null ? (
        <div className="jointly-button-row">
          <button
            type="button"
            id={ADD_BUTTON_ID.testimonials}
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
            onClick={() =>
              setEditing({
                collection: 'testimonials',
                itemId: null,
                snapshot: null,
                returnFocusTo: ADD_BUTTON_ID.testimonials,
              })
            }
          >
            Add a testimonial
          </button>
          <button
            type="button"
            id={ADD_BUTTON_ID.evidence}
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
            onClick={() =>
              setEditing({
                collection: 'evidence',
                itemId: null,
                snapshot: null,
                returnFocusTo: ADD_BUTTON_ID.evidence,
              })
            }
          >
            Add evidence
          </button>
        </div>
      ) : null}
      {editable && editing !== null && !editingGone ? (
        editing.collection === 'testimonials' ? (
          <TestimonialForm
            entryId={entryId}
            initial={editingItem && 'quote' in editingItem ? editingItem : null}
            sections={sections}
            onSave={(fields) => save('testimonials', fields)}
            onCancel={() => closeForm(editing.returnFocusTo)}
          />
        ) : (
          <EvidenceForm
            initial={editingItem && 'title' in editingItem ? editingItem : null}
            sections={sections}
            onSave={(fields) => save('evidence', fields)}
            onCancel={() => closeForm(editing.returnFocusTo)}
          />
        )
      ) : null}
      {editingGone ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>Someone else removed the item you were changing.</p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
            onClick={() => closeForm(LIST_HEADING_ID[editing?.collection ?? 'testimonials'])}
          >
            Close
          </button>
        </div>
      ) : null}
      {renderList('testimonials', testimonials)}
      {renderList('evidence', evidence)}
    </section>
  );
}
