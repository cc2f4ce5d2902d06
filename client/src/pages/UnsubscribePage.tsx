import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '@jointly/shared';
import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { unsubscribe } from '../api/notificationsApi.ts';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { problemText } from '../components/layout/ProblemMessage.tsx';

const isKind = (value: string | null): value is NotificationKind =>
  value !== null && (NOTIFICATION_KINDS as readonly string[]).includes(value);

/**
 * `/unsubscribe/:token?kind=…`, the link in a digest e-mail (issue 14 item 5).
 * No sign-in: the link's secret is enough. Opening it changes nothing (mail
 * scanners open links); the button does.
 */
export function UnsubscribePage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = isKind(kindParam) ? kindParam : null;
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const [problem, setProblem] = useState('');
  const result = useRef<HTMLParagraphElement>(null);
  const what = kind ? NOTIFICATION_KIND_LABELS[kind].toLowerCase() : 'anything';

  const confirm = async () => {
    setState('busy');
    try {
      await unsubscribe(token, kind);
      setState('done');
    } catch (error) {
      setProblem(problemText(error));
      setState('error');
    }
    requestAnimationFrame(() => result.current?.focus());
  };

  return (
    <>
      <PageHeading>Stop notification e-mails</PageHeading>
      {state === 'done' ? (
        <p className="nhsuk-body" tabIndex={-1} ref={result} role="status">
          Done. You will no longer get e-mails about {what}. You can change this in{' '}
          <Link to="/settings/notifications">your notification settings</Link> when signed in.
        </p>
      ) : (
        <>
          <p className="nhsuk-body">
            {kind
              ? `Stop e-mails about ${NOTIFICATION_KIND_LABELS[kind].toLowerCase()}?`
              : 'Stop every notification e-mail from Jointly?'}{' '}
            You will still see them in My tasks when you sign in.
          </p>
          <button
            type="button"
            className="nhsuk-button"
            aria-disabled={state === 'busy'}
            onClick={() => {
              if (state !== 'busy') void confirm();
            }}
          >
            Stop these e-mails
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
