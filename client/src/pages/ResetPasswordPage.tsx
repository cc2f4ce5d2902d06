import { PASSWORD_MIN_LENGTH, passwordResetBody } from '@jointly/shared';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { resetPassword } from '../api/accountApi.ts';
import { useAccountForm } from '../components/account/useAccountForm.ts';
import { ErrorSummary } from '../components/fields/ErrorSummary.tsx';
import { TextField } from '../components/fields/TextField.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';

const FIELDS = ['password'] as const;

/** `/reset-password/:token`, the link in a reset e-mail (issue 15): sets a new password, then asks to sign in. */
export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const [done, setDone] = useState(false);
  const form = useAccountForm({
    fields: FIELDS,
    initial: { password: '' },
    schema: passwordResetBody,
    send: async (values) => {
      await resetPassword(token, values.password);
      setDone(true);
    },
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {done ? (
          <>
            <PageHeading>Your password has been changed</PageHeading>
            <p className="nhsuk-body">Every device that was signed in to your account has been signed out.</p>
            <p className="nhsuk-body">
              <Link to="/signin">Sign in with your new password</Link>
            </p>
          </>
        ) : (
          <>
            <ErrorSummary items={form.summary} focusKey={form.attempt} />
            <PageHeading>Set a new password</PageHeading>
            <form noValidate onSubmit={form.onSubmit}>
              <TextField
                {...form.field('password')}
                label="New password"
                hint={`Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password.`}
                type="password"
                autoComplete="new-password"
              />
              <button className="nhsuk-button" type="submit" aria-disabled={form.submitting}>
                {form.submitting ? 'Saving…' : 'Set password'}
              </button>
            </form>
            {form.errors.form.length > 0 ? (
              <p className="nhsuk-body">
                <Link to="/forgotten-password">Ask for a new link</Link>
              </p>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
