import { type ReactNode, useEffect, useRef } from 'react';
import { SERVICE_NAME } from '../../config.ts';
import { consumeNavigationFocus } from './navigationFocus.ts';

type PageHeadingProps = {
  children: ReactNode;
  /** The document title's first part; defaults to the heading's text when it is a string. */
  title?: string;
  caption?: ReactNode;
};

/**
 * A page's h1. It sets the document title and, after an in-app navigation,
 * takes focus, so screen-reader and keyboard users start at the new page's
 * heading rather than wherever the old page left them.
 */
export function PageHeading({ children, title, caption }: PageHeadingProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  const documentTitle = title ?? (typeof children === 'string' ? children : undefined);

  useEffect(() => {
    if (documentTitle) document.title = `${documentTitle} – ${SERVICE_NAME}`;
  }, [documentTitle]);

  useEffect(() => {
    if (consumeNavigationFocus()) ref.current?.focus();
  }, []);

  return (
    <>
      {/* The caption sits outside the h1, so the heading's accessible name is the page name alone. */}
      {caption ? <p className="nhsuk-caption-l jointly-page-caption">{caption}</p> : null}
      <h1 className="nhsuk-heading-l jointly-page-heading" tabIndex={-1} ref={ref}>
        {children}
      </h1>
    </>
  );
}
