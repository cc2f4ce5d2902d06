import type { EntryDto } from '@jointly/shared';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { CopyEntryDialog } from './CopyEntryDialog.tsx';

/** The entry page's "Copy to another award" for leads (issue 17 item 3): opens the dialog, lands on the copy. */
export function CopyEntryControl({ entry }: { entry: Pick<EntryDto, 'id' | 'title' | 'categoryId' | 'sections'> }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const navigate = useNavigate();
  return (
    <section className="jointly-panel" aria-labelledby="copy-entry-heading">
      <h2 className="nhsuk-heading-s" id="copy-entry-heading">
        Reuse this entry
      </h2>
      <p className="nhsuk-body-s">Start an entry for another award or next year’s programme from this one.</p>
      <button
        ref={buttonRef}
        className="nhsuk-button nhsuk-button--secondary"
        type="button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Copy to another award
      </button>
      {open ? (
        <CopyEntryDialog
          entry={entry}
          onCopied={(copied) => {
            setOpen(false);
            navigate(`/entries/${encodeURIComponent(copied.id)}`);
          }}
          onClose={() => {
            setOpen(false);
            buttonRef.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
