import type { AccountSessionDto } from '@jointly/shared';
import { useCallback, useEffect, useState } from 'react';
import { endOtherSessions, endSession, listSessions } from '../../api/accountApi.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

/** The account's signed-in devices (issue 15), each with a sign-out button, and "sign out of all others". */
export function DevicesPanel({ reloadKey }: { reloadKey: number }) {
  const [sessions, setSessions] = useState<AccountSessionDto[] | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');

  const load = useCallback(async () => {
    try {
      setSessions(await listSessions());
    } catch (error) {
      setProblem(problemText(error));
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the trigger (a password change ends the others).
  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  async function run(action: () => Promise<void>, done: string) {
    setProblem('');
    try {
      await action();
      setStatus(done);
      await load();
    } catch (error) {
      setProblem(problemText(error));
    }
  }

  const others = sessions?.filter((s) => !s.current) ?? [];
  return (
    <section aria-labelledby="account-devices-heading">
      <h2 className="nhsuk-heading-m" id="account-devices-heading">
        Signed-in devices
      </h2>
      {sessions === null ? (
        <p className="nhsuk-body">Loading…</p>
      ) : (
        <ul className="nhsuk-list jointly-devices">
          {sessions.map((s, index) => (
            <li key={s.id} className="jointly-devices__item">
              <p className="nhsuk-body nhsuk-u-margin-bottom-1">
                <strong>{s.current ? 'This device' : `Device ${index + 1}`}</strong>
                {s.userAgent ? ` (${s.userAgent})` : null}
              </p>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                Signed in {formatDateTime(s.createdAt)}; last active {formatDateTime(s.lastActiveAt)}
              </p>
              {s.current ? null : (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  aria-label={`Sign out device ${index + 1}, last active ${formatDateTime(s.lastActiveAt)}`}
                  onClick={() => void run(() => endSession(s.id), 'That device has been signed out.')}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => void run(endOtherSessions, 'Every other device has been signed out.')}
        >
          Sign out of all other devices
        </button>
      ) : null}
      <p className="nhsuk-body" role="status">
        {status}
      </p>
      {problem ? <InlineError>{problem}</InlineError> : null}
    </section>
  );
}
