import { useEffect, useRef } from 'react';
import { type ErrorSummaryItem, FieldMessage } from '../fields/ErrorSummary.tsx';

/**
 * The unmet submit conditions as they are now (issue 11 item 8): after a
 * refused submit the page reads them again on every change, and shows them
 * here instead of the error summary, which belongs to the refusal itself.
 * A polite live region, so an endorsement or approval that clears a condition
 * is heard without focus moving.
 */
export function SubmitConditionsList({ items }: { items: ErrorSummaryItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // It replaces the error summary: if focus was there, it went with it, so it comes here (never <body>).
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) ref.current?.focus();
  }, []);
  return (
    <div className="nhsuk-inset-text jointly-submit-conditions" aria-live="polite" tabIndex={-1} ref={ref}>
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {items.length === 0 ? (
        <p>Every condition for submitting is now met. You can submit the entry.</p>
      ) : (
        <>
          <h3 className="nhsuk-heading-s">Still needed before the entry can be submitted</h3>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {items.map((item) => (
              <li key={`${item.fieldId ?? 'entry'}:${item.message}`}>
                <FieldMessage item={item} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
