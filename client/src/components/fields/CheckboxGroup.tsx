import type { ReactNode } from 'react';

type CheckboxGroupProps = {
  /** Prefix of the boxes' ids; the first box's id is `${id}` so error links can focus it. */
  id: string;
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  hint?: ReactNode;
  error?: string | undefined;
};

/** NHS.UK checkboxes in a fieldset: the legend names the group, each box has its own label. */
export function CheckboxGroup({ id, legend, options, values, onChange, hint, error }: CheckboxGroupProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={hintId}>
            {hint}
          </div>
        ) : null}
        {error ? (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            const checked = values.includes(option.value);
            return (
              <div className="nhsuk-checkboxes__item" key={option.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={optionId}
                  type="checkbox"
                  value={option.value}
                  checked={checked}
                  onChange={() =>
                    onChange(checked ? values.filter((value) => value !== option.value) : [...values, option.value])
                  }
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={optionId}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
