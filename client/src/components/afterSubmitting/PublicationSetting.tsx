import { NOT_FOR_PUBLICATION_TEXT } from '@jointly/shared';
import { savePublication } from '../../api/outcomeApi.ts';
import { SavedCheckbox } from '../layout/SavedCheckbox.tsx';

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
  if (!mayChange) {
    return notForPublication ? (
      <p className="nhsuk-body jointly-publication-note">
        A lead marked this entry not for publication: every page of its downloads says “{NOT_FOR_PUBLICATION_TEXT}”.
      </p>
    ) : null;
  }
  return (
    <SavedCheckbox
      id={`not-for-publication-${entryId}`}
      label="Not for publication"
      hint={`Every page of every download says “${NOT_FOR_PUBLICATION_TEXT}” in its footer, submitted versions too.`}
      value={notForPublication}
      save={async (next) => (await save(entryId, { notForPublication: next })).notForPublication}
      said={(saved) =>
        saved
          ? `Marked not for publication: the downloads now say “${NOT_FOR_PUBLICATION_TEXT}” on every page.`
          : 'No longer marked not for publication.'
      }
      onChanged={onChanged}
    />
  );
}
