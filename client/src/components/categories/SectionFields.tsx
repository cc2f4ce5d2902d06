import { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, TESTIMONIAL_KIND_LABELS, TESTIMONIAL_KINDS } from '@jointly/shared';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { TextField } from '../fields/TextField.tsx';
import type { SectionDraft } from './categoryDraft.ts';

type SectionFieldsProps = {
  index: number;
  count: number;
  section: SectionDraft;
  errors: ReadonlyMap<string, string>;
  onChange: (section: SectionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

const RULES = [
  { value: 'citesExhibit', label: 'The text cites an exhibit ("see E2")' },
  { value: 'baselineAndOutcome', label: 'A measure with its baseline and outcome' },
] as const;

/** One section of the category form: its title, guidance, word limit and the checks it asks for. */
export function SectionFields({ index, count, section, errors, onChange, onMove, onRemove }: SectionFieldsProps) {
  const id = (field: string) => `category-section-${index}-${field}`;
  const name = section.title.trim() || `Section ${index + 1}`;
  const set =
    <K extends keyof SectionDraft>(field: K) =>
    (value: SectionDraft[K]) =>
      onChange({ ...section, [field]: value });
  return (
    <fieldset className="nhsuk-fieldset jointly-category-section" aria-labelledby={id('legend')}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m" id={id('legend')}>
        Section {index + 1}
      </legend>
      <TextField
        id={id('title')}
        label="Title"
        value={section.title}
        onChange={set('title')}
        error={errors.get(id('title'))}
      />
      <TextField
        id={id('summary')}
        label="What the section is about"
        hint="One sentence, shown above the guidance"
        value={section.summary}
        onChange={set('summary')}
        error={errors.get(id('summary'))}
      />
      <TextAreaField
        id={id('prompts')}
        label="Guidance prompts"
        hint="The questions the judges ask, one a line"
        value={section.prompts}
        onChange={set('prompts')}
        error={errors.get(id('prompts'))}
      />
      <TextField
        id={id('wordLimit')}
        label="Word limit"
        inputMode="numeric"
        width={10}
        value={section.wordLimit}
        onChange={set('wordLimit')}
        error={errors.get(id('wordLimit'))}
      />
      <CheckboxGroup
        id={id('rules')}
        legend="Checks before submitting"
        options={RULES.map((rule) => ({ value: rule.value, label: rule.label }))}
        values={RULES.filter((rule) => section[rule.value]).map((rule) => rule.value)}
        onChange={(values) =>
          onChange({
            ...section,
            citesExhibit: values.includes('citesExhibit'),
            baselineAndOutcome: values.includes('baselineAndOutcome'),
          })
        }
      />
      <CheckboxGroup
        id={id('testimonialKinds')}
        legend="Testimonials it needs, one of each kind ticked"
        options={TESTIMONIAL_KINDS.map((kind) => ({ value: kind, label: TESTIMONIAL_KIND_LABELS[kind] }))}
        values={section.testimonialKinds}
        onChange={(values) => set('testimonialKinds')(values as SectionDraft['testimonialKinds'])}
      />
      <CheckboxGroup
        id={id('evidenceKinds')}
        legend="Evidence it needs, any one of the kinds ticked"
        options={EVIDENCE_KINDS.map((kind) => ({ value: kind, label: EVIDENCE_KIND_LABELS[kind] }))}
        values={section.evidenceKinds}
        onChange={(values) => set('evidenceKinds')(values as SectionDraft['evidenceKinds'])}
      />
      <div className="jointly-button-row">
        <button
          type="button"
          id={id('up')}
          className="nhsuk-button nhsuk-button--secondary"
          aria-disabled={index === 0}
          onClick={() => index > 0 && onMove(-1)}
        >
          Move up<span className="nhsuk-u-visually-hidden">: {name}</span>
        </button>
        <button
          type="button"
          id={id('down')}
          className="nhsuk-button nhsuk-button--secondary"
          aria-disabled={index === count - 1}
          onClick={() => index < count - 1 && onMove(1)}
        >
          Move down<span className="nhsuk-u-visually-hidden">: {name}</span>
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--warning"
          aria-disabled={count === 1}
          onClick={() => count > 1 && onRemove()}
        >
          Remove section<span className="nhsuk-u-visually-hidden">: {name}</span>
        </button>
      </div>
    </fieldset>
  );
}
