import { useEffect, useRef, useState } from 'react';
import { COPY_FEEDBACK_MS } from '../config.ts';

/** A read-only link with a "Copy link" button; says "Copied" (announced) when it worked. */
export function CopyLinkField({ id, label, url }: { id: string; label: string; url: string }) {
  const [feedback, setFeedback] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!feedback) return;
    const timer = setTimeout(() => setFeedback(''), COPY_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [feedback]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setFeedback('Link copied');
    } catch {
      // No clipboard permission: select the text so Ctrl+C works.
      input.current?.focus();
      input.current?.select();
      setFeedback('Press Ctrl+C (or ⌘+C) to copy the selected link');
    }
  }

  return (
    <div className="nhsuk-form-group jointly-copy-link">
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {label}
      </label>
      <input
        ref={input}
        className="nhsuk-input"
        id={id}
        type="text"
        readOnly
        value={url}
        onFocus={(event) => event.currentTarget.select()}
      />
      <button type="button" className="nhsuk-button nhsuk-button--small jointly-copy-link__button" onClick={copy}>
        Copy link
      </button>
      <span className="jointly-copy-link__feedback" role="status">
        {feedback}
      </span>
    </div>
  );
}
