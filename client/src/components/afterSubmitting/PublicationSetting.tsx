import { NOT_FOR_PUBLICATION_TEXT } from '@jointly/shared';
import { useState } from 'react';
import { savePublication } from '../../api/outcomeApi.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

type PublicationSettingProps = {
  entryId: string;
  /** The entry's flag as last read (`EntryDto.notForPublication`). */
  notForPublication: boolean;
  /** Leads change it; everyone else reads it. */
  mayChange: boolean;
  /** Reloads the entry after the change (every open page also hears of it: event `settings`). */
  onChanged: () => void;
  save?: typeof savePublication;
};

/**
 * "Not for publication" (issue 17 item 5), beside the downloads it changes: a
 * lead's tick makes every page of every export say NOT FOR PUBLICATION in its
 * footer. Saved as soon as it is ticked or unticked, the outcome said in a
 * live region; members who are not leads read whether it is on.
 */
export function PublicationSetting({
  entryId,
  notForPublication,
  mayChange,
  onChanged,
  save = savePublication,
}: PublicationSettingProps) {
  const [checked, setChecked] = useState(notForPublication);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [lastRead, setLastRead] = useState(notForPublication);
  if (lastRead !== notForPublication) {
    // Another lead changed it: show what the entry now says.
    setLastRead(notForPublication);
    setChecked(notForPublication);
  }
  const id = `not-for-publication-${entryId}`;

  if (!mayChange) {
    return notForPublication ? (
      <p className="nhsuk-body jointly-publication-note">
        A lead marked this entry not for publication: every page of its downloads says “{NOT_FOR_PUBLICATION_TEXT}”.
      </p>
    ) : null;
  }

  const change = async (next: boolean) => {
    setChecked(next);
    setSaving(true);
    setProblem(null);
    setStatus('');
    try {
      const saved = await save(entryId, { notForPublication: next });
      setChecked(saved.notForPublication);
      setStatus(
        saved.notForPublication
          ? `Marked not for publication: the downloads now say “${NOT_FOR_PUBLICATION_TEXT}” on every page.`
          : 'No longer marked not for publication.',
      );
      onChanged();
    } catch (error) {
      setChecked(!next);
      setProblem(`The setting could not be saved: ${problemText(error)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="nhsuk-form-group jointly-entry-setting">
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={checked}
            disabled={saving}
            aria-describedby={`${id}-hint`}
            onChange={(event) => void change(event.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            Not for publication
          </label>
          <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
            Every page of every download says “{NOT_FOR_PUBLICATION_TEXT}” in its footer, submitted versions too.
          </div>
        </div>
      </div>
      {problem ? <InlineError>{problem}</InlineError> : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {status}
      </p>
    </div>
  );
}
