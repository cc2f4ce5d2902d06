import { deleteAccountBody } from '@jointly/shared';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { deleteAccount } from '../../api/accountApi.ts';
import { useSession } from '../../auth/SessionProvider.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';
import { useAccountForm } from './useAccountForm.ts';

/** Deleting the account (issue 15): a first button opens the confirmation, which needs the password. */
export function DeleteAccountForm({ organisationName }: { organisationName: string }) {
  const [confirming, setConfirming] = useState(false);
  const { signOut } = useSession();
  const navigate = useNavigate();
  const form = useAccountForm({
    fields: ['currentPassword'],
    initial: { currentPassword: '' },
    schema: deleteAccountBody,
    idPrefix: 'account-delete-',
    send: async (values) => {
      await deleteAccount({ currentPassword: values.currentPassword });
      await signOut().catch(() => undefined);
      navigate('/signin', { replace: true });
    },
  });
  return (
    <section aria-labelledby="account-delete-heading">
      <h2 className="nhsuk-heading-m" id="account-delete-heading">
        Delete your account
      </h2>
      <p className="nhsuk-body">
        You will leave every entry. What you wrote stays in them, shown as written by a former member of{' '}
        {organisationName}. If you are the only lead of an entry, make someone else a lead first.
      </p>
      {confirming ? (
        <form noValidate onSubmit={form.onSubmit} aria-labelledby="account-delete-heading">
          <ErrorSummary items={form.summary} focusKey={form.attempt} />
          <div className="nhsuk-warning-callout">
            <h3 className="nhsuk-warning-callout__label">
              <span className="nhsuk-u-visually-hidden">Important: </span>This cannot be undone
            </h3>
            <TextField
              {...form.field('currentPassword')}
              label="Enter your password to delete your account"
              type="password"
              autoComplete="current-password"
            />
            <div className="nhsuk-button-group">
              <button className="nhsuk-button nhsuk-button--warning" type="submit" aria-disabled={form.submitting}>
                Yes, delete my account
              </button>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
            </div>
          </div>
        </form>
      ) : (
        <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => setConfirming(true)}>
          Delete account
        </button>
      )}
    </section>
  );
}
