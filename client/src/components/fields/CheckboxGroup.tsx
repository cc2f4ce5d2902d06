import type { ReactNode } from 'react';
import { FieldShell } from './FieldShell.tsx';

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
  return (
    <FieldShell
      id={id}
      legend={legend}
      legendClassName="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"
      hint={hint}
      error={error}
    >
      {() => (
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
      )}
    </FieldShell>
  );
}
