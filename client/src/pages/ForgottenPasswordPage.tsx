import { passwordResetRequestBody } from '@jointly/shared';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { requestPasswordReset } from '../api/accountApi.ts';
import { useAccountForm } from '../components/account/useAccountForm.ts';
import { ErrorSummary } from '../components/fields/ErrorSummary.tsx';
import { TextField } from '../components/fields/TextField.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';

const FIELDS = ['email'] as const;

/** `/forgotten-password` (issue 15): asks for a reset link. The answer never says whether the address has an account. */
export function ForgottenPasswordPage() {
  const [params] = useSearchParams();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useAccountForm({
    fields: FIELDS,
    initial: { email: params.get('email') ?? '' },
    schema: passwordResetRequestBody,
    send: async (values) => {
      await requestPasswordReset(values.email);
      setSentTo(values.email);
    },
  });

  if (sentTo) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <PageHeading>Check your email</PageHeading>
          <p className="nhsuk-body">
            If <strong>{sentTo}</strong> has a Jointly account, we have sent it a link to set a new password. The link
            works once and expires in 30 minutes.
          </p>
          <p className="nhsuk-body">
            <Link to="/signin">Back to sign in</Link>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary items={form.summary} focusKey={form.attempt} />
        <PageHeading>Reset your password</PageHeading>
        <p className="nhsuk-body">Enter the email address of your Jointly account. We will send it a link.</p>
        <form noValidate onSubmit={form.onSubmit}>
          <TextField
            {...form.field('email')}
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
          />
          <button className="nhsuk-button" type="submit" aria-disabled={form.submitting}>
            {form.submitting ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      </div>
    </div>
  );
}
