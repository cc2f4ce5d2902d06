import { changeEmailBody, changeNameBody, changePasswordBody, PASSWORD_MIN_LENGTH } from '@jointly/shared';
import { changeEmail, changeName, changePassword } from '../../api/accountApi.ts';
import { useSession } from '../../auth/SessionProvider.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';
import { useAccountForm } from './useAccountForm.ts';

/** What a form reports once it worked: a status line the screen reader announces. */
function Saved({ message }: { message: string | null }) {
  return (
    <p className="nhsuk-body" role="status">
      {message}
    </p>
  );
}

export function NameForm({ name }: { name: string }) {
  const { signedIn } = useSession();
  const form = useAccountForm({
    fields: ['name'],
    initial: { name },
    schema: changeNameBody,
    idPrefix: 'account-',
    send: async (values) => {
      signedIn(await changeName({ name: values.name }));
      return 'Your name has been changed.';
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit} aria-labelledby="account-name-heading">
      <h2 className="nhsuk-heading-m" id="account-name-heading">
        Your name
      </h2>
      <ErrorSummary items={form.summary} focusKey={form.attempt} />
      <TextField {...form.field('name')} label="Name" autoComplete="name" />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={form.submitting}>
        Save name
      </button>
      <Saved message={form.saved} />
    </form>
  );
}

export function EmailForm({ email }: { email: string }) {
  const form = useAccountForm({
    fields: ['email', 'currentPassword'],
    initial: { email: '', currentPassword: '' },
    schema: changeEmailBody,
    idPrefix: 'account-email-',
    send: async (values) => {
      await changeEmail({ email: values.email, currentPassword: values.currentPassword });
      form.reset();
      return `We have sent a link to ${values.email}. Your address changes when you open it; until then, keep using ${email}.`;
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit} aria-labelledby="account-email-heading">
      <h2 className="nhsuk-heading-m" id="account-email-heading">
        Your email address
      </h2>
      <p className="nhsuk-body">
        Your account uses <strong>{email}</strong>.
      </p>
      <ErrorSummary items={form.summary} focusKey={form.attempt} />
      <TextField
        {...form.field('email')}
        label="New email address"
        type="email"
        autoComplete="email"
        spellCheck={false}
      />
      <TextField
        {...form.field('currentPassword')}
        label="Your current password"
        type="password"
        autoComplete="current-password"
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={form.submitting}>
        Change email address
      </button>
      <Saved message={form.saved} />
    </form>
  );
}

export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const form = useAccountForm({
    fields: ['currentPassword', 'newPassword'],
    initial: { currentPassword: '', newPassword: '' },
    schema: changePasswordBody,
    idPrefix: 'account-password-',
    send: async (values) => {
      await changePassword(values);
      form.reset();
      onChanged();
      return 'Your password has been changed. Your other devices have been signed out.';
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit} aria-labelledby="account-password-heading">
      <h2 className="nhsuk-heading-m" id="account-password-heading">
        Your password
      </h2>
      <ErrorSummary items={form.summary} focusKey={form.attempt} />
      <TextField
        {...form.field('currentPassword')}
        label="Current password"
        type="password"
        autoComplete="current-password"
      />
      <TextField
        {...form.field('newPassword')}
        label="New password"
        hint={`Use at least ${PASSWORD_MIN_LENGTH} characters.`}
        type="password"
        autoComplete="new-password"
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={form.submitting}>
        Change password
      </button>
      <Saved message={form.saved} />
    </form>
  );
}
