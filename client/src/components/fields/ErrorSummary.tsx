import { useEffect, useId, useRef } from 'react';

export type ErrorSummaryItem = {
  /** The id of the field the error is about (the link goes there), or null for a form-wide error. */
  fieldId: string | null;
  message: string;
};

type ErrorSummaryProps = {
  items: ErrorSummaryItem[];
  title?: string;
  /** Changes each time the form is submitted, so a repeated error takes focus again. */
  focusKey?: number;
};

/**
 * The NHS.UK / GOV.UK error summary: at the top of the form, takes focus when
 * it appears, links each message to its field.
 */
export function ErrorSummary({ items, title = 'There is a problem', focusKey }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey is the trigger, it is not read.
  useEffect(() => {
    if (items.length > 0) ref.current?.focus();
  }, [items.length, focusKey]);

  if (items.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id={titleId}>
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {items.map((item) => (
              <li key={`${item.fieldId ?? 'form'}:${item.message}`}>
                <FieldMessage item={item} />
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/**
 * A message linked to the field it is about (or plain text for a form-wide
 * one). Following the link moves focus to the field itself: the hash alone
 * only scrolls.
 */
export function FieldMessage({ item }: { item: ErrorSummaryItem }) {
  if (!item.fieldId) return <>{item.message}</>;
  return (
    <a
      href={`#${item.fieldId}`}
      onClick={(event) => {
        const field = document.getElementById(item.fieldId ?? '');
        if (field) {
          event.preventDefault();
          field.focus();
          field.scrollIntoView({ block: 'center' });
        }
      }}
    >
      {item.message}
    </a>
  );
}
