/** Erasures and retention (issue 18 items 2 and 4, migration 0021), kept beside schema.ts so that file stays small. */
export type ErasureTable = {
  id: string;
  entry_id: string;
  item_id: string;
  /** ErasureKind: 'request' | 'retention'. */
  kind: string;
  reason: string;
  /** The lead who asked; null for retention. */
  erased_by: string | null;
  organisation_id: string | null;
  erased_at: number;
  /** JSON string[]: the field paths redacted. */
  fields: string;
  consent_record_id: string | null;
  files_removed: number;
  /** JSON ErasedVersionDto[]. */
  versions: string;
};

/** An entry's retention: when its award was, when its personal data goes, and what was done. */
export type RetentionScheduleTable = {
  entry_id: string;
  award_at: number;
  erase_at: number;
  warned_at: number | null;
  erased_at: number | null;
};
