import { nameVersionBody, VERSION_NAME_MAX_CHARS } from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { TextField } from '../fields/TextField.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

type NameVersionFormProps = {
  sectionId: string;
  onName: (name: string) => Promise<void>;
};

/** "Name this version": keeps the section's text as it is now under a name anyone on the entry can find again. */
export function NameVersionForm({ sectionId, onName }: NameVersionFormProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const id = `history-name-${sectionId}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = nameVersionBody.safeParse({ name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a name for this version');
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onName(parsed.data.name);
      setName('');
    } catch (failure) {
      setError(`The version could not be named: ${problemText(failure)}`);
      document.getElementById(id)?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="jointly-history__name" onSubmit={submit} noValidate>
      <TextField
        id={id}
        label="Name this version"
        hint={`For example, “Sent to trust comms”. Up to ${VERSION_NAME_MAX_CHARS} characters.`}
        value={name}
        onChange={setName}
        error={error}
        maxLength={VERSION_NAME_MAX_CHARS + 20}
        autoComplete="off"
      />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy}>
        Save this version
      </button>
    </form>
  );
}
