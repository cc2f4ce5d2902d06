import { useState } from 'react';
import { updateEntrySettings } from '../../api/viewerSuggestionsApi.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

type ViewerSuggestionsSettingProps = {
  entryId: string;
  /** The entry's setting as last read. */
  viewersMaySuggest: boolean;
  /** Submitted: settings are as closed as the text. */
  disabled: boolean;
  /** Reloads the entry after the change (every open page also hears of it, C-EVENT-2 `settings`). */
  onChanged: () => void;
  save?: typeof updateEntrySettings;
};

/**
 * A lead's choice per entry (issue 14 item 3, C-SUGGEST-5): whether viewers,
 * who may not write, can suggest changes for others to accept. Saved as soon
 * as it is ticked or unticked; the outcome is said in a live region.
 */
export function ViewerSuggestionsSetting({
  entryId,
  viewersMaySuggest,
  disabled,
  onChanged,
  save = updateEntrySettings,
}: ViewerSuggestionsSettingProps) {
  const [checked, setChecked] = useState(viewersMaySuggest);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [lastRead, setLastRead] = useState(viewersMaySuggest);
  if (lastRead !== viewersMaySuggest) {
    // Another lead changed it: show what the entry now says.
    setLastRead(viewersMaySuggest);
    setChecked(viewersMaySuggest);
  }
  const id = `viewers-may-suggest-${entryId}`;

  const change = async (next: boolean) => {
    setChecked(next);
    setSaving(true);
    setProblem(null);
    setStatus('');
    try {
      const saved = await save(entryId, { viewersMaySuggest: next });
      setChecked(saved.viewersMaySuggest);
      setStatus(
        saved.viewersMaySuggest ? 'Viewers may now suggest changes.' : 'Viewers can no longer suggest changes.',
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
            disabled={disabled || saving}
            aria-describedby={`${id}-hint`}
            onChange={(event) => void change(event.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            Viewers may suggest changes
          </label>
          <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
            Viewers still cannot edit. Their suggestions are shown with their name for a lead to accept or reject.
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
