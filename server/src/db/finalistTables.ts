/** The finalist stage (issue 17 item 4, migration 0022): a lead's time limit and pace, one row per entry. */
export type FinalistStageTable = {
  entry_id: string;
  time_limit_minutes: number;
  words_per_minute: number;
  updated_by: string;
  updated_at: number;
};

/** The presenters a lead chose for the finalist stage, in order. */
export type FinalistPresenterTable = { entry_id: string; user_id: string; position: number };

/** A dated rehearsal note on the finalist stage. */
export type RehearsalNoteTable = {
  id: string;
  entry_id: string;
  author_id: string;
  author_organisation_id: string;
  /** An ISO date. */
  rehearsed_on: string;
  note: string;
  created_at: number;
};
