import { useEffect, useRef, useState } from 'react';

/**
 * Recovery codes, shown once (only their hashes are kept): a list to copy or download, with
 * focus moved here so a screen reader user hears them arrive.
 */
export function RecoveryCodesPanel({ codes }: { codes: string[] }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [feedback, setFeedback] = useState('');
  const text = `Jointly recovery codes. Each works once.\n\n${codes.join('\n')}\n`;

  useEffect(() => {
    heading.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setFeedback('Recovery codes copied');
    } catch {
      setFeedback('Copying did not work here: select the codes and copy them, or download them');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'jointly-recovery-codes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setFeedback('Recovery codes downloaded');
  }

  return (
    <section className="nhsuk-card jointly-recovery-codes" aria-labelledby="recovery-codes-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading" id="recovery-codes-heading" tabIndex={-1} ref={heading}>
          Save your recovery codes
        </h2>
        <p className="nhsuk-body">
          If you lose your phone, you can sign in with one of these codes instead of a code from your app. Each code
          works once. Keep them somewhere safe: they will not be shown again.
        </p>
        <ol className="nhsuk-list jointly-recovery-codes__list" aria-label="Recovery codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <div className="jointly-button-row">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void copy()}>
            Copy codes
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={download}>
            Download codes
          </button>
        </div>
        <p className="nhsuk-body" role="status">
          {feedback}
        </p>
      </div>
    </section>
  );
}
