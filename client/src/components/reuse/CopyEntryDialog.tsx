import { type CopyEntryBody, copyEntryBody, defaultSectionMap, type EntryDto } from '@jointly/shared';
import type { CategoryListItem } from '@jointly/templates';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { listAllCategories } from '../../api/categoriesApi.ts';
import { copyEntry } from '../../api/entryCopyApi.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../../forms/formErrors.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { SelectField } from '../fields/SelectField.tsx';
import { TextField } from '../fields/TextField.tsx';
import { LoadingMessage } from '../layout/LoadingMessage.tsx';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';
import '../../styles/reuse.css';

/** The select's value for "leave this section empty" (no section id is empty). */
const EMPTY = '';

type CopyEntryDialogProps = {
  entry: Pick<EntryDto, 'id' | 'title' | 'categoryId' | 'sections'>;
  /** Called with the new entry once it is made (the page goes there). */
  onCopied: (copied: EntryDto) => void;
  onClose: () => void;
  /** Tests pass their own. */
  loadCategories?: () => Promise<CategoryListItem[]>;
  submit?: (entryId: string, body: CopyEntryBody) => Promise<EntryDto>;
};

/**
 * "Copy to another award" (issue 17 item 3), for a lead: a modal dialog to
 * pick the award category, the new title, and for each section of the new
 * category the section of this entry whose text it starts from (matched by
 * title at first, or left empty). Every testimonial and piece of evidence is
 * carried with its files; the server records where each was first
 * contributed. Escape or Cancel closes it and focus returns to the button.
 */
export function CopyEntryDialog({
  entry,
  onCopied,
  onClose,
  loadCategories = listAllCategories,
  submit = copyEntry,
}: CopyEntryDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const categories = useLoad(loadCategories, []);
  const [title, setTitle] = useState(`${entry.title} (copy)`);
  const [categoryId, setCategoryId] = useState(entry.categoryId);
  // The lead's choices for one category; choosing another category starts again from its default map.
  const [choices, setChoices] = useState<{ categoryId: string; map: Record<string, string | null> } | null>(null);
  const [errors, setErrors] = useState(noErrors<string>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    // A modal dialog keeps focus inside and makes the page behind it inert; Escape fires `cancel`.
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    headingRef.current?.focus();
    return () => {
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
    };
  }, []);

  const list = categories.status === 'ok' ? categories.data : [];
  const target = list.find((category) => category.id === categoryId) ?? null;
  const map = !target
    ? null
    : choices?.categoryId === target.id
      ? choices.map
      : defaultSectionMap(entry.sections, target.sections);

  const fields = ['categoryId', 'title', ...(target?.sections.map((s) => s.id) ?? [])];
  const fieldId = (field: string) =>
    field === 'categoryId' || field === 'title' ? `copy-entry-${field}` : `copy-entry-section-${field}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting || !map) return;
    setAttempt((n) => n + 1);
    const body: CopyEntryBody = { title, categoryId, sectionMap: map };
    const invalid = validateWith(copyEntryBody, body, fields);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setSubmitting(true);
    try {
      onCopied(await submit(entry.id, copyEntryBody.parse(body)));
    } catch (error) {
      setErrors(errorsFromFailure(error, fields));
      setSubmitting(false);
    }
  }

  const sourceOptions = [
    { value: EMPTY, label: 'Leave empty' },
    ...entry.sections.map((section) => ({ value: section.id, label: `From “${section.title}”` })),
  ];

  return (
    <dialog
      ref={dialogRef}
      className="jointly-dialog"
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <ErrorSummary items={summaryItems(errors, fields, fieldId)} focusKey={attempt} />
      <h2 className="nhsuk-heading-m" id={headingId} ref={headingRef} tabIndex={-1}>
        Copy to another award
      </h2>
      <p className="nhsuk-body">
        Makes a new entry you lead, with this entry’s members, testimonials and evidence (with their files). Choose
        which section of this entry each new section starts from. Text is copied whole: a section over its new word
        limit shows it, nothing is cut.
      </p>
      {categories.status === 'loading' ? <LoadingMessage>Loading award categories…</LoadingMessage> : null}
      {categories.status === 'error' ? (
        <ProblemMessage title="Award categories could not be loaded">{problemText(categories.error)}</ProblemMessage>
      ) : null}
      <form noValidate onSubmit={onSubmit}>
        <TextField
          id={fieldId('title')}
          label="Title of the new entry"
          hint="For example, the programme and year it is for."
          value={title}
          onChange={setTitle}
          error={errors.fields.title}
        />
        {categories.status === 'ok' ? (
          <SelectField
            id={fieldId('categoryId')}
            label="Award category"
            value={categoryId}
            options={list.map((category) => ({
              value: category.id,
              label: `${category.programme}: ${category.name}`,
            }))}
            onChange={setCategoryId}
            error={errors.fields.categoryId}
          />
        ) : null}
        {target && map ? (
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Sections of {target.name}</legend>
            {target.sections.map((section) => (
              <SelectField
                key={section.id}
                id={fieldId(section.id)}
                label={`${section.title} (up to ${section.wordLimit} words)`}
                value={map[section.id] ?? EMPTY}
                options={sourceOptions}
                onChange={(value) =>
                  setChoices({ categoryId: target.id, map: { ...map, [section.id]: value === EMPTY ? null : value } })
                }
                error={errors.fields[section.id]}
              />
            ))}
          </fieldset>
        ) : null}
        <div className="nhsuk-button-group">
          <button className="nhsuk-button" type="submit" disabled={submitting || !map}>
            {submitting ? 'Copying…' : 'Copy entry'}
          </button>
          <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
