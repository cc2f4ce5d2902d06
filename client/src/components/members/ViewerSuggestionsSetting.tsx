import { updateEntrySettings } from '../../api/viewerSuggestionsApi.ts';
import { SavedCheckbox } from '../layout/SavedCheckbox.tsx';

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
  return (
    <SavedCheckbox
      id={`viewers-may-suggest-${entryId}`}
      label="Viewers may suggest changes"
      hint="Viewers still cannot edit. Their suggestions are shown with their name for a lead to accept or reject."
      value={viewersMaySuggest}
      disabled={disabled}
      save={async (next) => (await save(entryId, { viewersMaySuggest: next })).viewersMaySuggest}
      said={(saved) => (saved ? 'Viewers may now suggest changes.' : 'Viewers can no longer suggest changes.')}
      onChanged={onChanged}
    />
  );
}
