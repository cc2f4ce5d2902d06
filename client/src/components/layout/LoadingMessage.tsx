import type { ReactNode } from 'react';

/** A polite, announced "loading" line while a page fetches what it shows. */
export function LoadingMessage({ children }: { children: ReactNode }) {
  return (
    <p className="nhsuk-body jointly-loading" role="status">
      {children}
    </p>
  );
}
