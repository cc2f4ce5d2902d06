import { useEffect, useState } from 'react';
import { getEmailVerification, sendVerificationAgain } from '../../api/accountApi.ts';
import { useSession } from '../../auth/SessionProvider.tsx';
import { InlineError } from './InlineError.tsx';
import { problemText } from './ProblemMessage.tsx';

/** Shown while the signed-in account's address is not confirmed (issue 15): endorsing needs it. */
export function UnverifiedBanner() {
  const { session } = useSession();
  const [state, setState] = useState<'idle' | 'busy' | 'sent' | 'error'>('idle');
  const [problem, setProblem] = useState('');
  // Not while held to setting up two-factor sign-in: the server answers nothing else until then.
  const unverified =
    session.status === 'signedIn' &&
    session.me.user.emailVerified === false &&
    session.me.twoFactorEnrolmentRequired !== true;
  // Asked once per account: without SMTP_URL the server sends no links and asks for none.
  const userId = session.status === 'signedIn' ? session.me.user.id : null;
  const [required, setRequired] = useState<{ userId: string; required: boolean } | null>(null);
  useEffect(() => {
    if (!unverified || !userId) return;
    let live = true;
    getEmailVerification()
      .then((answer) => {
        if (live) setRequired({ userId, required: answer.required && !answer.emailVerified });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unverified, userId]);
  if (session.status !== 'signedIn' || !unverified || required?.userId !== userId || !required.required) return null;

  const send = async () => {
    setState('busy');
    try {
      await sendVerificationAgain();
      setState('sent');
    } catch (error) {
      setProblem(problemText(error));
      setState('error');
    }
  };

  return (
    <section className="nhsuk-inset-text jointly-unverified" aria-labelledby="unverified-heading">
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2" id="unverified-heading">
        Confirm your email address
      </h2>
      <p className="nhsuk-body nhsuk-u-margin-bottom-2">
        We sent a link to <strong>{session.me.user.email}</strong>. Open it to confirm the address: you need to before
        you can endorse an entry for your organisation.
      </p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
        aria-disabled={state === 'busy'}
        onClick={() => {
          if (state !== 'busy') void send();
        }}
      >
        Send the link again
      </button>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-0" role="status">
        {state === 'sent' ? 'Sent. Check your email.' : ''}
      </p>
      {state === 'error' ? <InlineError>{problem}</InlineError> : null}
    </section>
  );
}
