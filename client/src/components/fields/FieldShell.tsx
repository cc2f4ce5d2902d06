import type { ReactNode } from 'react';

/** What a field's control needs from its shell to be announced with its hint and error. */
export type FieldDescription = {
  /** `${id}-hint ${id}-error`, in that order, or undefined when there is neither. */
  describedBy: string | undefined;
  /** `true` while there is an error, else undefined (so no attribute is rendered). */
  invalid: true | undefined;
};

type Caption =
  /** One control: a `<label for={id}>` names it, and the control itself carries `aria-describedby`. */
  | { label: ReactNode; labelClassName?: string | undefined; legend?: never; legendClassName?: never }
  /** A group of controls: a fieldset's legend names them, and the fieldset carries `aria-describedby`. */
  | { legend: ReactNode; legendClassName: string; label?: never; labelClassName?: never };

type FieldShellProps = Caption & {
  /** The control's id (a group's first control): the hint and error ids are built from it. */
  id: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Extra classes of the form group, after `nhsuk-form-group` and its error modifier. */
  groupClassName?: string | undefined;
  children: (description: FieldDescription) => ReactNode;
};

/** The ids a field's hint and error get, and the `aria-describedby` naming them in reading order. */
export function describeField(id: string, hint: ReactNode, error: string | undefined): FieldDescription {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined,
    invalid: error ? true : undefined,
  };
}

/**
 * The NHS.UK form group every field shares: label (or fieldset and legend), hint, error message, in
 * that order, wired by id so a screen reader reads the hint and the error with the control. One
 * place for it, so the five fields cannot drift apart in markup or in what they announce.
 */
export function FieldShell(props: FieldShellProps) {
  const { id, hint, error, groupClassName, children } = props;
  const description = describeField(id, hint, error);
  const messages = (
    <>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
    </>
  );
  const groupClass = `nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}${groupClassName ? ` ${groupClassName}` : ''}`;
  if (props.legendClassName !== undefined) {
    return (
      <div className={groupClass}>
        <fieldset className="nhsuk-fieldset" aria-describedby={description.describedBy}>
          <legend className={props.legendClassName}>{props.legend}</legend>
          {messages}
          {children({ describedBy: undefined, invalid: undefined })}
        </fieldset>
      </div>
    );
  }
  return (
    <div className={groupClass}>
      <label className={props.labelClassName ?? 'nhsuk-label'} htmlFor={id}>
        {props.label}
      </label>
      {messages}
      {children(description)}
    </div>
  );
}
