import { type MeDto, secondFactorBody } from '@jointly/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { completeSignIn } from '../../api/twoFactorApi.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../../forms/formErrors.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';
import { PageHeading } from '../layout/PageHeading.tsx';

type Props = {
  /** Signed in: the page takes it from here. */
  onSignedIn: (me: MeDto) => void;
  /** The pending sign-in ended (expired, too many wrong codes): back to email and password, with the reason. */
  onStartAgain: (reason: string) => void;
};

/**
 * The second step of signing in to an account with two-factor authentication (issue 15): the
 * 6-digit code from the authenticator app, or one recovery code instead.
 */
export function SecondFactorForm({ onSignedIn, onStartAgain }: Props) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const field = useRecovery ? 'recoveryCode' : 'code';
  const [errors, setErrors] = useState(noErrors<'code' | 'recoveryCode'>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  // The password form this replaces had focus: put it on the field to type the code into.
  useEffect(() => {
    document.getElementById(field)?.focus();
  }, [field]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    const body = useRecovery ? { recoveryCode: value } : { code: value };
    // Each way has its own schema, so the field's own message shows (a union would only say it matched neither).
    const invalid = validateWith(secondFactorBody.options[useRecovery ? 1 : 0], body, [field]);
    setAttempt((n) => n + 1);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setSubmitting(true);
    try {
      onSignedIn(await completeSignIn(body));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'second_factor_expired') {
        onStartAgain(error.message);
        return;
      }
      const failure = errorsFromFailure(error, [field]);
      // A wrong code belongs to the field, so the summary links to it.
      if (error instanceof ApiError && error.code === 'invalid_code')
        setErrors({ fields: { [field]: error.message }, form: [] });
      else setErrors(failure);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <>
      <ErrorSummary items={summaryItems(errors, [field])} focusKey={attempt} />
      <PageHeading>{useRecovery ? 'Enter a recovery code' : 'Enter your security code'}</PageHeading>
      <form noValidate onSubmit={onSubmit}>
        {useRecovery ? (
          <TextField
            key="recoveryCode"
            id="recoveryCode"
            label="Recovery code"
            hint="One of the recovery codes you saved when you set up two-factor authentication, like abcde-12345. Each code works once."
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            width={20}
            value={value}
            onChange={setValue}
            error={errors.fields.recoveryCode}
          />
        ) : (
          <TextField
            key="code"
            id="code"
            label="Enter the 6-digit code from your authenticator app"
            autoComplete="one-time-code"
            inputMode="numeric"
            width={10}
            value={value}
            onChange={setValue}
            error={errors.fields.code}
          />
        )}
        <button className="nhsuk-button" type="submit" aria-disabled={submitting}>
          {submitting ? 'Signing in…' : 'Continue'}
        </button>
      </form>
      <p className="nhsuk-body">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => {
            setUseRecovery((on) => !on);
            setValue('');
            setErrors(noErrors());
          }}
        >
          {useRecovery ? 'Use a code from your authenticator app instead' : 'Use a recovery code instead'}
        </button>
      </p>
    </>
  );
}
