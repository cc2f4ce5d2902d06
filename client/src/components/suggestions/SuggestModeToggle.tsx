type SuggestModeToggleProps = {
  suggesting: boolean;
  onChange: (suggesting: boolean) => void;
  sectionTitle: string;
  /** Why the last edit was not made as a suggestion, if it was refused. */
  refusal: string;
};

/**
 * Editing or suggesting (issue 14 item 3), like Google Docs' mode and Word's
 * track changes: one toggle button with its state in aria-pressed and in its
 * words, operable by keyboard as any button; what suggesting mode refused is
 * said in a polite live region beside it.
 */
export function SuggestModeToggle({ suggesting, onChange, sectionTitle, refusal }: SuggestModeToggleProps) {
  return (
    <div className="app-suggest-mode">
      <button
        type="button"
        className={`app-suggest-mode__toggle${suggesting ? ' app-suggest-mode__toggle--on' : ''}`}
        aria-pressed={suggesting}
        onClick={() => onChange(!suggesting)}
      >
        Suggest changes<span className="nhsuk-u-visually-hidden"> in “{sectionTitle}”</span>
      </button>
      <span className="app-suggest-mode__state nhsuk-body-s">
        {suggesting ? 'Suggesting: your changes are proposals for others to accept' : 'Editing'}
      </span>
      <p className="app-suggest-mode__refusal nhsuk-body-s" role="status">
        {refusal}
      </p>
    </div>
  );
}
