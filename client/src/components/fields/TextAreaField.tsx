import type { TextareaHTMLAttributes } from 'react';
import { FieldShell } from './FieldShell.tsx';

type TextAreaFieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string | undefined;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange'>;

/** An NHS.UK textarea with its label, hint and error message wired up by id. */
export function TextAreaField({ id, label, value, onChange, hint, error, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      {({ describedBy, invalid }) => (
        <textarea
          rows={4}
          {...textarea}
          className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
          id={id}
          name={textarea.name ?? id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        />
      )}
    </FieldShell>
  );
}
