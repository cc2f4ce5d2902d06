import type { InputHTMLAttributes, ReactNode } from 'react';

type TextFieldProps = {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  /** Label styling: the page's only question can be its heading-sized label. */
  labelSize?: 's' | 'm' | 'l';
  width?: 'full' | 10 | 20 | 30;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'width'>;

/** An NHS.UK text input with its label, hint and error message wired up by id for assistive technology. */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  labelSize,
  width = 'full',
  ...input
}: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const widthClass = width === 'full' ? '' : ` nhsuk-input--width-${width}`;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className={`nhsuk-label${labelSize ? ` nhsuk-label--${labelSize}` : ''}`} htmlFor={id}>
        {label}
      </label>
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
      <input
        {...input}
        className={`nhsuk-input${widthClass}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={input.name ?? id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
