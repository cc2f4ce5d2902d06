import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { confirmAccountLink } from '../api/accountApi.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { problemText } from '../components/layout/ProblemMessage.tsx';

const TEXT = {
  'verify-email': {
    heading: 'Confirm your email address',
    button: 'Confirm my email address',
    done: 'Your email address is confirmed.',
  },
  'email-change': {
    heading: 'Confirm your new email address',
    button: 'Use this email address',
    done: 'Your account now uses this email address. Sign in with it from now on.',
  },
} as const;

/**
 * `/verify-email/:token` and `/confirm-email/:token`, links in account e-mails (issue 15). No
 * sign-in needed; opening the page changes nothing (mail scanners open links), the button does.
 */
export function AccountLinkPage({ kind }: { kind: 'verify-email' | 'email-change' }) {
  const { token = '' } = useParams();
  const { session, refresh } = useSession();
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const [problem, setProblem] = useState('');
  const result = useRef<HTMLParagraphElement>(null);
  const text = TEXT[kind];

  const confirm = async () => {
    setState('busy');
    try {
      await confirmAccountLink(kind, token);
      setState('done');
      if (session.status === 'signedIn') void refresh();
    } catch (error) {
      setProblem(problemText(error));
      setState('error');
    }
    requestAnimationFrame(() => result.current?.focus());
  };

  return (
    <>
      <PageHeading>{text.heading}</PageHeading>
      {state === 'done' ? (
        <p className="nhsuk-body" tabIndex={-1} ref={result} role="status">
          {text.done} <Link to="/">Go to your entries</Link>
        </p>
      ) : (
        <>
          <button
            type="button"
            className="nhsuk-button"
            aria-disabled={state === 'busy'}
            onClick={() => {
              if (state !== 'busy') void confirm();
            }}
          >
            {text.button}
          </button>
          {state === 'error' ? (
            <p className="nhsuk-error-message" tabIndex={-1} ref={result} role="alert">
              <span className="nhsuk-u-visually-hidden">Error: </span>
              {problem}
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
