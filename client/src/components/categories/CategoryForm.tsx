import type { CustomCategoryDto } from '@jointly/templates';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../fields/ErrorSummary.tsx';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { TextField } from '../fields/TextField.tsx';
import { type CategoryDraft, emptySection, fieldIdOf, moveSection, templateOf } from './categoryDraft.ts';
import { SectionFields } from './SectionFields.tsx';
import { ShortFieldsEditor } from './ShortFieldsEditor.tsx';

type CategoryFormProps = {
  initial: CategoryDraft;
  submitLabel: string;
  /** Sends the template (create, or a new version); its failure's issues are shown by field. */
  save: (template: Record<string, unknown>) => Promise<CustomCategoryDto>;
  onSaved: (category: CustomCategoryDto) => void;
};

/** Each problem in the summary as `path: message`, linked to its field where the form has one. */
export function problemItems(error: unknown): ErrorSummaryItem[] {
  if (error instanceof ApiError && error.issues.length > 0) {
    return error.issues.map((issue) => ({
      fieldId: fieldIdOf(issue.path),
      message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    }));
  }
  return [{ fieldId: null, message: error instanceof Error ? error.message : 'Something went wrong. Try again.' }];
}

/**
 * The category form (issue 17 item 1): the award, its dates and rules, and
 * its sections, added, removed and moved by buttons (keyboard first; focus
 * follows the section moved). The server checks it as it checks a file.
 */
export function CategoryForm({ initial, submitLabel, save, onSaved }: CategoryFormProps) {
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<ErrorSummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const errors = new Map(problems.flatMap((p) => (p.fieldId ? [[p.fieldId, p.message] as const] : [])));
  const set =
    <K extends keyof CategoryDraft>(field: K) =>
    (value: CategoryDraft[K]) =>
      setDraft((current) => ({ ...current, [field]: value }));
  const sectionName = (index: number) => draft.sections[index]?.title.trim() || `Section ${index + 1}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setAttempt((n) => n + 1);
    if (draft.deadline.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(draft.deadline.trim())) {
      setProblems([
        { fieldId: 'category-deadline', message: 'deadline: enter a date like 2027-03-01, or leave it empty' },
      ]);
      return;
    }
    setSaving(true);
    try {
      const saved = await save(templateOf(draft));
      setProblems([]);
      onSaved(saved);
    } catch (error) {
      setProblems(problemItems(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit}>
      <ErrorSummary items={problems} focusKey={attempt} />
      <TextField
        id="category-programme"
        label="Awards programme"
        hint="For example NHS Parliamentary Awards 2027"
        value={draft.programme}
        onChange={set('programme')}
        error={errors.get('category-programme')}
      />
      <TextField
        id="category-name"
        label="Category"
        value={draft.name}
        onChange={set('name')}
        error={errors.get('category-name')}
      />
      <TextAreaField
        id="category-description"
        label="What the category recognises"
        value={draft.description}
        onChange={set('description')}
        error={errors.get('category-description')}
        rows={3}
      />
      <TextField
        id="category-deadline"
        label="Entry deadline (optional)"
        hint="A date like 2027-03-01; entries close at 23:59 UTC that day"
        width={10}
        value={draft.deadline}
        onChange={set('deadline')}
        error={errors.get('category-deadline')}
      />
      <TextField
        id="category-activeWithinMonths"
        label="The work must have been active within this many months of the deadline"
        inputMode="numeric"
        width={10}
        value={draft.activeWithinMonths}
        onChange={set('activeWithinMonths')}
        error={errors.get('category-activeWithinMonths')}
      />
      <TextField
        id="category-evidenceWithinMonths"
        label="Evidence must be dated within this many months of the deadline"
        inputMode="numeric"
        width={10}
        value={draft.evidenceWithinMonths}
        onChange={set('evidenceWithinMonths')}
        error={errors.get('category-evidenceWithinMonths')}
      />
      <TextField
        id="category-minimumPartnershipYears"
        label="Minimum age of the partnership in years (optional)"
        inputMode="numeric"
        width={10}
        value={draft.minimumPartnershipYears}
        onChange={set('minimumPartnershipYears')}
        error={errors.get('category-minimumPartnershipYears')}
      />
      <TextAreaField
        id="category-notes"
        label="Eligibility notes (optional)"
        hint="One a line"
        value={draft.notes}
        onChange={set('notes')}
        rows={3}
      />
      <TextField
        id="category-maxDocuments"
        label="Supporting documents allowed"
        inputMode="numeric"
        width={10}
        value={draft.maxDocuments}
        onChange={set('maxDocuments')}
        error={errors.get('category-maxDocuments')}
      />
      <CheckboxGroup
        id="category-formats"
        legend="Their formats"
        options={[
          { value: 'pdf', label: 'PDF' },
          { value: 'docx', label: 'Word (DOCX)' },
        ]}
        values={draft.formats}
        onChange={(values) => set('formats')(values as CategoryDraft['formats'])}
        error={errors.get('category-formats')}
      />
      <CheckboxGroup
        id="category-entry-rules"
        legend="Checks for the whole entry"
        options={[
          { value: 'referenced', label: 'Supporting documents must be referenced from the text' },
          { value: 'voice', label: 'A testimonial from every organisation on the entry' },
        ]}
        values={[
          ...(draft.mustBeReferencedFromText ? ['referenced'] : []),
          ...(draft.voiceFromEveryOrganisation ? ['voice'] : []),
        ]}
        onChange={(values) =>
          setDraft((current) => ({
            ...current,
            mustBeReferencedFromText: values.includes('referenced'),
            voiceFromEveryOrganisation: values.includes('voice'),
          }))
        }
      />

      <ShortFieldsEditor
        fields={draft.shortFields}
        errors={errors}
        onChange={set('shortFields')}
        announce={setAnnouncement}
        focus={setFocusId}
      />

      <h2 className="nhsuk-heading-m">Sections</h2>
      {draft.sections.map((section, index) => (
        <SectionFields
          key={section.key}
          index={index}
          count={draft.sections.length}
          section={section}
          errors={errors}
          onChange={(changed) =>
            setDraft((current) => ({
              ...current,
              sections: current.sections.map((s, i) => (i === index ? changed : s)),
            }))
          }
          onMove={(by) => {
            setDraft((current) => ({ ...current, sections: moveSection(current.sections, index, by) }));
            setAnnouncement(`${sectionName(index)} moved to position ${index + by + 1} of ${draft.sections.length}.`);
            setFocusId(`category-section-${index + by}-${by < 0 ? 'up' : 'down'}`);
          }}
          onRemove={() => {
            setDraft((current) => ({ ...current, sections: current.sections.filter((_, i) => i !== index) }));
            setAnnouncement(`${sectionName(index)} removed.`);
            setFocusId('category-add-section');
          }}
        />
      ))}
      <p className="nhsuk-u-visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="jointly-button-row">
        <button
          type="button"
          id="category-add-section"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => {
            setDraft((current) => ({ ...current, sections: [...current.sections, emptySection()] }));
            setAnnouncement(`Section ${draft.sections.length + 1} added.`);
            setFocusId(`category-section-${draft.sections.length}-title`);
          }}
        >
          Add a section
        </button>
        <button className="nhsuk-button" type="submit" aria-disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
