import type { ReactNode, RefObject } from 'react';

type ConfirmActionProps = {
  /** Id of the heading, which takes focus when the question opens. */
  id: string;
  title: string;
  /** What the action does to everyone, in a sentence or two. */
  children: ReactNode;
  confirmLabel: string;
  /** The NHS.UK warning button, for actions that undo others' work (reopen). */
  warning?: boolean;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  headingRef: RefObject<HTMLHeadingElement | null>;
};

/**
 * The question asked before an action that changes the entry for everyone
 * (submit, reopen): its heading takes focus, the confirm button says what it
 * does, and Cancel hands focus back to the caller.
 */
export function ConfirmAction({
  id,
  title,
  children,
  confirmLabel,
  warning = false,
  busy,
  onConfirm,
  onCancel,
  headingRef,
}: ConfirmActionProps) {
  return (
    <div className="jointly-confirm">
      <h3 className="nhsuk-heading-s" id={id} tabIndex={-1} ref={headingRef}>
        {title}
      </h3>
      <p className="nhsuk-body">{children}</p>
      <div className="nhsuk-button-group">
        <button
          type="button"
          className={`nhsuk-button${warning ? ' nhsuk-button--warning' : ''}`}
          onClick={() => {
            if (!busy) onConfirm();
          }}
          aria-disabled={busy}
        >
          {confirmLabel}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
