import { type RecoveryCodesDto, type TwoFactorSetupDto, totpCodeBody } from '@jointly/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { confirmTwoFactor, startTwoFactorSetup } from '../../api/twoFactorApi.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../../forms/formErrors.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

/** The secret in groups of four, easier to read out and type (apps ignore the spaces). */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Setting up two-factor authentication: a QR code for the app, the same key as text for typing
 * in by hand, then a code from the app to prove it works (only then is it on).
 */
export function TwoFactorSetup({ onEnabled }: { onEnabled: (codes: RecoveryCodesDto) => void }) {
  const [setup, setSetup] = useState<TwoFactorSetupDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState(noErrors<'code'>());
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (setup) stepHeading.current?.focus();
  }, [setup]);

  async function start() {
    setBusy(true);
    setProblem(null);
    try {
      setSetup(await startTwoFactorSetup());
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const invalid = validateWith(totpCodeBody, { code }, ['code']);
    setAttempt((n) => n + 1);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setBusy(true);
    try {
      onEnabled(await confirmTwoFactor(code));
    } catch (error) {
      const failure = errorsFromFailure(error, ['code']);
      setErrors(failure.form.length > 0 ? { fields: { code: failure.form[0] }, form: failure.form.slice(1) } : failure);
    } finally {
      setBusy(false);
    }
  }

  if (!setup) {
    return (
      <>
        <p className="nhsuk-body">
          Two-factor authentication asks for a code from an app on your phone (such as Microsoft Authenticator or Google
          Authenticator) as well as your password when you sign in.
        </p>
        <button type="button" className="nhsuk-button" aria-disabled={busy} onClick={() => void (busy || start())}>
          Set up two-factor authentication
        </button>
        {problem ? <InlineError>{problem}</InlineError> : null}
      </>
    );
  }

  return (
    <>
      <ErrorSummary items={summaryItems(errors, ['code'])} focusKey={attempt} />
      <h2 className="nhsuk-heading-m" tabIndex={-1} ref={stepHeading}>
        Add Jointly to your authenticator app
      </h2>
      <ol className="nhsuk-list nhsuk-list--number">
        <li>Open your authenticator app and choose to add an account.</li>
        <li>Scan the QR code, or enter the key below by hand.</li>
        <li>Enter the 6-digit code the app shows for Jointly.</li>
      </ol>
      <img
        className="jointly-qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
        alt="QR code to add Jointly to your authenticator app (the same key is written below)"
        width={200}
        height={200}
      />
      <p className="nhsuk-body">
        Key for entering by hand (time-based):{' '}
        <code className="jointly-totp-secret" data-secret={setup.secret}>
          {grouped(setup.secret)}
        </code>
      </p>
      <form noValidate onSubmit={confirm}>
        <TextField
          id="code"
          label="Enter the 6-digit code from your authenticator app"
          autoComplete="one-time-code"
          inputMode="numeric"
          width={10}
          value={code}
          onChange={setCode}
          error={errors.fields.code}
        />
        <button type="submit" className="nhsuk-button" aria-disabled={busy}>
          Turn on two-factor authentication
        </button>
      </form>
    </>
  );
}
