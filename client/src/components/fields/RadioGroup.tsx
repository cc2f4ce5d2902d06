import type { ReactNode } from 'react';
import { FieldShell } from './FieldShell.tsx';

export type RadioOption = { value: string; label: ReactNode; hint?: ReactNode };

type RadioGroupProps = {
  /** Prefix of the radios' ids; the first radio's id is `${id}` so error links can focus it. */
  id: string;
  name: string;
  legend: ReactNode;
  options: RadioOption[];
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  legendSize?: 's' | 'm' | 'l';
  small?: boolean;
};

/** NHS.UK radios in a fieldset: the legend names the group, each option has its own label and hint. */
export function RadioGroup({
  id,
  name,
  legend,
  options,
  value,
  onChange,
  hint,
  error,
  legendSize = 's',
  small,
}: RadioGroupProps) {
  return (
    <FieldShell
      id={id}
      legend={legend}
      legendClassName={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}
      hint={hint}
      error={error}
    >
      {() => (
        <div className={`nhsuk-radios${small ? ' nhsuk-radios--small' : ''}`}>
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            const optionHintId = option.hint ? `${optionId}-item-hint` : undefined;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={optionId}
                  name={name}
                  type="radio"
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => onChange(option.value)}
                  aria-describedby={optionHintId}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={optionId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={optionHintId}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
    </FieldShell>
  );
}
