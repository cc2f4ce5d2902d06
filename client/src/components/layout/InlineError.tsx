import type { ReactNode } from 'react';

/**
 * A refusal or failure shown beside the control it concerns, announced at once (role="alert"),
 * with "Error:" for screen readers as the NHS design system's error message has it.
 */
export function InlineError({ children }: { children: ReactNode }) {
  return (
    <p className="nhsuk-error-message" role="alert">
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {children}
    </p>
  );
}
