import { useState } from 'react';
import { putInLibrary } from '../../api/libraryApi.ts';
import { problemText } from '../layout/ProblemMessage.tsx';

/**
 * "Put in our library" on an item (issue 17 item 3): the server decides (an approved item of the
 * person's own organisation, once) and the answer, either way, is said beside the button.
 */
export function PutInLibraryButton({
  entryId,
  itemId,
  title,
  put = putInLibrary,
}: {
  entryId: string;
  itemId: string;
  title: string;
  put?: typeof putInLibrary;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onClick() {
    setBusy(true);
    try {
      await put(entryId, itemId);
      setMessage('Put in your organisation’s library.');
    } catch (error) {
      setMessage(`Not put in the library: ${problemText(error)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
        disabled={busy}
        onClick={() => void onClick()}
      >
        Put in our library<span className="nhsuk-u-visually-hidden">: {title}</span>
      </button>
      <span role="status" className="nhsuk-body-s">
        {message}
      </span>
    </>
  );
}
