import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '@jointly/shared';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { getNotificationSettings, saveNotificationSettings } from '../api/notificationsApi.ts';
import { CheckboxGroup } from '../components/fields/CheckboxGroup.tsx';
import { InlineError } from '../components/layout/InlineError.tsx';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { useLoad } from '../hooks/useLoad.ts';

/**
 * `/settings/notifications` (issue 14 item 5): which notifications the person
 * gets by e-mail. Everything still shows under "My tasks" and on the bell.
 */
export function NotificationSettingsPage() {
  const settings = useLoad(() => getNotificationSettings(), []);
  const [on, setOn] = useState<NotificationKind[] | null>(null);
  const [saved, setSaved] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (settings.status === 'ok') setOn(NOTIFICATION_KINDS.filter((kind) => !settings.data.emailOff.includes(kind)));
  }, [settings.status, settings.data]);

  const save = async () => {
    if (!on) return;
    setBusy(true);
    setSaved('');
    setProblem(null);
    try {
      const result = await saveNotificationSettings(NOTIFICATION_KINDS.filter((kind) => !on.includes(kind)));
      setOn(NOTIFICATION_KINDS.filter((kind) => !result.emailOff.includes(kind)));
      setSaved('Your e-mail choices are saved.');
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>Notification e-mails</PageHeading>
      <p className="nhsuk-body">
        Jointly e-mails you a summary of what is waiting for you, at most once every 15 minutes. Mentions are e-mailed
        straight away. Everything also shows in <Link to="/tasks">My tasks</Link>.
      </p>
      {settings.status === 'loading' ? <LoadingMessage>Loading your choices…</LoadingMessage> : null}
      {settings.status === 'error' ? (
        <ProblemMessage title="Your choices could not be loaded">{problemText(settings.error)}</ProblemMessage>
      ) : null}
      {on ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy) void save();
          }}
        >
          <CheckboxGroup
            id="email-kinds"
            legend="E-mail me about"
            hint="Untick what you do not want by e-mail."
            options={NOTIFICATION_KINDS.map((kind) => ({ value: kind, label: NOTIFICATION_KIND_LABELS[kind] }))}
            values={on}
            onChange={(values) => setOn(NOTIFICATION_KINDS.filter((kind) => values.includes(kind)))}
          />
          <button type="submit" className="nhsuk-button" aria-disabled={busy}>
            Save choices
          </button>
        </form>
      ) : null}
      {problem ? <InlineError>{problem}</InlineError> : null}
      <p className="nhsuk-body" role="status">
        {saved}
      </p>
    </>
  );
}
