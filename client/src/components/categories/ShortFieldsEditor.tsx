import { SHORT_FIELD_CHAR_LIMIT_MAX, SHORT_FIELDS_MAX } from '@jointly/shared';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { TextField } from '../fields/TextField.tsx';
import { emptyShortField, type ShortFieldDraft } from './shortFieldDraft.ts';

type ShortFieldsEditorProps = {
  fields: readonly ShortFieldDraft[];
  errors: ReadonlyMap<string, string>;
  onChange: (fields: ShortFieldDraft[]) => void;
  /** Says what happened to screen-reader users (the form's polite live region). */
  announce: (message: string) => void;
  /** Moves focus to an element once the form has re-rendered. */
  focus: (id: string) => void;
};

/** A short field's text inputs, in the order they are shown. */
const TEXT_INPUTS: readonly {
  field: 'label' | 'charLimit' | 'wordLimit';
  label: string;
  hint?: string;
  numeric?: boolean;
}[] = [
  { field: 'label', label: 'Label', hint: 'For example Project title' },
  {
    field: 'charLimit',
    label: 'Character limit',
    hint: `At most ${SHORT_FIELD_CHAR_LIMIT_MAX.toLocaleString('en-GB')}`,
    numeric: true,
  },
  { field: 'wordLimit', label: 'Word limit (optional)', numeric: true },
];

/**
 * The award's short fields in the category form (issue 17 item 1): each a
 * label, a character limit (the socket enforces it as people type), an
 * optional word limit and whether it must be filled before submitting.
 */
export function ShortFieldsEditor({ fields, errors, onChange, announce, focus }: ShortFieldsEditorProps) {
  const id = (index: number, field: string) => `category-short-${index}-${field}`;
  const nameOf = (index: number) => fields[index]?.label.trim() || `Short field ${index + 1}`;
  const update = (index: number, changed: Partial<ShortFieldDraft>) =>
    onChange(fields.map((field, i) => (i === index ? { ...field, ...changed } : field)));
  const full = fields.length >= SHORT_FIELDS_MAX;

  return (
    <>
      <h2 className="nhsuk-heading-m">Short fields</h2>
      <p className="nhsuk-body">
        A project title or a single-line answer the award asks for, shown above the sections. Optional.
      </p>
      {fields.map((field, index) => (
        <fieldset
          key={field.key}
          className="nhsuk-fieldset jointly-category-section"
          aria-labelledby={id(index, 'legend')}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s" id={id(index, 'legend')}>
            Short field {index + 1}
          </legend>
          {TEXT_INPUTS.map((input) => (
            <TextField
              key={input.field}
              id={id(index, input.field)}
              label={input.label}
              hint={input.hint}
              inputMode={input.numeric ? 'numeric' : undefined}
              width={input.numeric ? 10 : undefined}
              value={field[input.field]}
              onChange={(value) => update(index, { [input.field]: value })}
              error={errors.get(id(index, input.field))}
            />
          ))}
          <CheckboxGroup
            id={id(index, 'required')}
            legend="Before submitting"
            options={[{ value: 'required', label: 'Must be filled in' }]}
            values={field.required ? ['required'] : []}
            onChange={(values) => update(index, { required: values.includes('required') })}
          />
          <button
            type="button"
            className="nhsuk-button nhsuk-button--warning"
            onClick={() => {
              onChange(fields.filter((_, i) => i !== index));
              announce(`${nameOf(index)} removed.`);
              focus('category-add-short-field');
            }}
          >
            Remove short field<span className="nhsuk-u-visually-hidden">: {nameOf(index)}</span>
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        id="category-add-short-field"
        className="nhsuk-button nhsuk-button--secondary"
        aria-disabled={full}
        aria-describedby={full ? 'category-short-fields-full' : undefined}
        onClick={() => {
          if (full) return;
          onChange([...fields, emptyShortField()]);
          announce(`Short field ${fields.length + 1} added.`);
          focus(id(fields.length, 'label'));
        }}
      >
        Add a short field
      </button>
      {full && (
        <p className="nhsuk-hint" id="category-short-fields-full">
          A category has at most {SHORT_FIELDS_MAX} short fields.
        </p>
      )}
    </>
  );
}
