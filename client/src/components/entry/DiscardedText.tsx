import type { DiscardedPartText } from '../../collab/useDiscardedText.ts';

/**
 * The sections and short fields as this browser's discarded copy held them, where they differ from
 * the entry now: read-only boxes to copy from, so a person whose words could not be saved still has
 * them (to add when a lead reopens the entry). Kept in this page only: leaving it loses them.
 */
export function DiscardedText({ parts }: { parts: readonly DiscardedPartText[] }) {
  if (parts.length === 0) return null;
  return (
    <details className="nhsuk-details jointly-discarded-text">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Show the discarded text</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>
          How each part read in this browser. It is not saved anywhere: copy what you need before you leave this page.
        </p>
        {parts.map(({ key, label, text }) => {
          const id = `discarded-text-${key}`;
          return (
            <div className="nhsuk-form-group" key={key}>
              <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
                {label}
              </label>
              <textarea
                className="nhsuk-textarea"
                id={id}
                readOnly
                rows={Math.min(12, text.split('\n').length + 1)}
                value={text}
                onFocus={(event) => event.currentTarget.select()}
              />
            </div>
          );
        })}
      </div>
    </details>
  );
}
