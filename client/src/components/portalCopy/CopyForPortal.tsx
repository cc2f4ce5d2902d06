import { useState } from 'react';
import { formatNumber, plural } from '../../format/plural.ts';
import { InlineError } from '../layout/InlineError.tsx';
import type { PortalCopy } from './portalCopyOf.ts';

type CopyForPortalProps = {
  sectionTitle: string;
  /** The section's text for the portal now, or null while the document or its exhibit numbers are loading. */
  read: () => PortalCopy | null;
  /** Puts text on the clipboard (the browser's, unless a test passes its own). */
  copy?: (text: string) => Promise<void>;
};

const writeClipboard = (text: string) => navigator.clipboard.writeText(text);

/** What the page says after copying: the portal's count first, Jointly's when it differs, and why. */
export function copiedMessage(copied: PortalCopy): string {
  const said = `Copied for the portal: ${plural(copied.words, 'word', 'words')}, as a word processor counts them.`;
  if (copied.words === copied.ourWords) return said;
  return `${said} Jointly counts ${formatNumber(copied.ourWords)}: once pasted, list bullets and numbers count as words, and words joined by a non-breaking space count as one.`;
}

/**
 * "Copy for the portal" (issue 17 item 5): entrants paste each answer into the
 * award organiser's portal. One button per section copies its plain text
 * (portalCopyOf) and says, on the page and to screen readers, how many words
 * the portal's word processor count will find.
 */
export function CopyForPortal({ sectionTitle, read, copy = writeClipboard }: CopyForPortalProps) {
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const onCopy = async () => {
    setProblem(null);
    setMessage('');
    const copied = read();
    if (!copied) {
      setProblem('The text or its exhibit numbers are still loading. Try again in a moment.');
      return;
    }
    try {
      await copy(copied.text);
      setMessage(copiedMessage(copied));
    } catch {
      setProblem('Your browser did not let Jointly use the clipboard. Select the text and copy it instead.');
    }
  };

  return (
    <div className="jointly-portal-copy">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
        // The visible words first (WCAG 2.5.3), then which section: every section has one.
        aria-label={`Copy for the portal: ${sectionTitle}`}
        onClick={() => void onCopy()}
      >
        Copy for the portal
      </button>
      {problem ? <InlineError>{problem}</InlineError> : null}
      <p className="nhsuk-body-s jointly-portal-copy__status" role="status">
        {message}
      </p>
    </div>
  );
}
