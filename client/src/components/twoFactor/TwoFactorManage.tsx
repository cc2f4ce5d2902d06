import { type RecoveryCodesDto, totpCodeBody } from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { disableTwoFactor, newRecoveryCodes } from '../../api/twoFactorApi.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../../forms/formErrors.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';

type Field = 'newCodesCode' | 'password' | 'disableCode';
const FIELDS: readonly Field[] = ['newCodesCode', 'password', 'disableCode'];

/** Errors from the server on one of this page's forms, a wrong code placed on that form's code field. */
function failureOn(error: unknown, codeField: Field) {
  const failure = errorsFromFailure(error, ['password', 'code'] as const);
  const fields: Partial<Record<Field, string>> = {};
  if (failure.fields.password) fields.password = failure.fields.password;
  if (failure.fields.code) fields[codeField] = failure.fields.code;
  if (failure.form.length > 0 && Object.keys(fields).length === 0) fields[codeField] = failure.form[0];
  return { fields, form: [] as string[] };
}

/** With two-factor authentication on: new recovery codes (a code needed), or turning it off (password and code). */
export function TwoFactorManage(props: {
  recoveryCodesLeft: number;
  onNewCodes: (codes: RecoveryCodesDto) => void;
  onDisabled: () => void;
}) {
  const [values, setValues] = useState({ newCodesCode: '', password: '', disableCode: '' });
  const [errors, setErrors] = useState(noErrors<Field>());
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const set = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  async function run(invalid: ReturnType<typeof noErrors<Field>>, action: () => Promise<void>, codeField: Field) {
    setAttempt((n) => n + 1);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setBusy(true);
    try {
      await action();
      setErrors(noErrors());
    } catch (error) {
      setErrors(failureOn(error, codeField));
    } finally {
      setBusy(false);
    }
  }

  function onNewCodes(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const checked = validateWith(totpCodeBody, { code: values.newCodesCode }, ['code']);
    const invalid = { fields: checked.fields.code ? { newCodesCode: checked.fields.code } : {}, form: [] };
    void run(invalid, async () => props.onNewCodes(await newRecoveryCodes(values.newCodesCode)), 'newCodesCode');
  }

  function onDisable(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const fields: Partial<Record<Field, string>> = {};
    if (!values.password) fields.password = 'Enter your password';
    const checked = validateWith(totpCodeBody, { code: values.disableCode }, ['code']);
    if (checked.fields.code) fields.disableCode = checked.fields.code;
    void run(
      { fields, form: [] },
      async () => {
        await disableTwoFactor({ password: values.password, code: values.disableCode });
        props.onDisabled();
      },
      'disableCode',
    );
  }

  const left = props.recoveryCodesLeft;
  return (
    <>
      <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={attempt} />
      <p className="nhsuk-body">
        Two-factor authentication is on. You have {left} recovery code{left === 1 ? '' : 's'} left.
      </p>
      <h2 className="nhsuk-heading-m">Get new recovery codes</h2>
      <form noValidate onSubmit={onNewCodes}>
        <p className="nhsuk-body">Your old recovery codes will stop working.</p>
        <TextField
          id="newCodesCode"
          label="Enter the 6-digit code from your authenticator app"
          autoComplete="one-time-code"
          inputMode="numeric"
          width={10}
          value={values.newCodesCode}
          onChange={set('newCodesCode')}
          error={errors.fields.newCodesCode}
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy}>
          Get new recovery codes
        </button>
      </form>
      <h2 className="nhsuk-heading-m">Turn off two-factor authentication</h2>
      <form noValidate onSubmit={onDisable}>
        <TextField
          id="password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={values.password}
          onChange={set('password')}
          error={errors.fields.password}
        />
        <TextField
          id="disableCode"
          label="Enter the 6-digit code from your authenticator app"
          autoComplete="one-time-code"
          inputMode="numeric"
          width={10}
          value={values.disableCode}
          onChange={set('disableCode')}
          error={errors.fields.disableCode}
        />
        <button type="submit" className="nhsuk-button nhsuk-button--warning" aria-disabled={busy}>
          Turn off two-factor authentication
        </button>
      </form>
    </>
  );
}
