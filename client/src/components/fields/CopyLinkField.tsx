import { useEffect, useRef, useState } from 'react';
import { COPY_FEEDBACK_MS } from '../../config.ts';

type CopyLinkFieldProps = {
  id: string;
  label: string;
  url: string;
  /** Words that tell this link from others on the page, read to screen readers after the label and the button ("for …"). */
  hiddenSuffix?: string;
};

/** A read-only link with a "Copy link" button; says "Copied" (announced) when it worked. */
export function CopyLinkField({ id, label, url, hiddenSuffix }: CopyLinkFieldProps) {
  const suffix = hiddenSuffix ? <span className="nhsuk-u-visually-hidden"> {hiddenSuffix}</span> : null;
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
        {suffix}
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
        {suffix}
      </button>
      <span className="jointly-copy-link__feedback" role="status">
        {feedback}
      </span>
    </div>
  );
}
