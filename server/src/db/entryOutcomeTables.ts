/** What became of an entry after submitting (issue 17 item 4, migration 0016): one row per entry. */
export type EntryOutcomeTable = {
  entry_id: string;
  /** An OutcomeStage. */
  stage: string;
  /** An ISO date, or null when not given. */
  portal_submitted_on: string | null;
  feedback: string;
  recorded_by: string;
  recorded_by_organisation_id: string;
  recorded_at: number;
};
