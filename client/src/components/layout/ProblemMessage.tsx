import type { ReactNode } from 'react';

/** A problem inside a page (a list that failed to load, an action that failed), announced when it appears. */
export function ProblemMessage({ title = 'There is a problem', children }: { title?: string; children: ReactNode }) {
  return (
    <div className="nhsuk-warning-callout jointly-problem" role="alert">
      <h2 className="nhsuk-warning-callout__label">
        <span>
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {title}
        </span>
      </h2>
      {typeof children === 'string' ? <p>{children}</p> : children}
    </div>
  );
}

/** The message of a failed request, or a generic one. */
export function problemText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return 'Something went wrong. Try again.';
}
