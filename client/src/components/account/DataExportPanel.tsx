import { useState } from 'react';
import { getMyData } from '../../api/subjectAccessApi.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

/** Hands the browser a file to save, as a download link would. */
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Your data" on the account page (issue 18 item 6, subject access): downloads everything Jointly
 * holds about the person as a JSON file. Fetched rather than linked, so a refusal (too many
 * downloads, a session that ended) is said here in words instead of saved as a file.
 */
export function DataExportPanel() {
  const [working, setWorking] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');

  async function download() {
    if (working) return;
    setWorking(true);
    setProblem('');
    setStatus('Preparing your data…');
    try {
      const data = await getMyData();
      const name = `jointly-my-data-${data.generatedAt.slice(0, 10)}.json`;
      saveFile(name, JSON.stringify(data, null, 2));
      setStatus(`Your data has been downloaded as ${name}.`);
    } catch (error) {
      setStatus('');
      setProblem(problemText(error));
    } finally {
      setWorking(false);
    }
  }

  return (
    <section aria-labelledby="account-data-heading">
      <h2 className="nhsuk-heading-m" id="account-data-heading">
        Your data
      </h2>
      <p className="nhsuk-body">
        Download everything Jointly holds about you: your account and organisation, how you sign in, the entries you are
        in and what you wrote in them, your comments, suggestions and approvals, the testimonials you added and any that
        name you, your notifications and details of the files you uploaded. It is a JSON file, which you can open in a
        text editor. You can download it 3 times in a row, then once every 10 minutes.
      </p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        aria-disabled={working}
        onClick={() => void download()}
      >
        Download your data
      </button>
      <p className="nhsuk-body" role="status">
        {status}
      </p>
      {problem ? <InlineError>{problem}</InlineError> : null}
    </section>
  );
}
