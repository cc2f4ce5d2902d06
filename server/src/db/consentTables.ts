/**
 * Consent records (issue 18 item 1, consents/), kept beside schema.ts (which lists them in
 * `Database`) so that file stays within the size limit.
 */
export type ConsentRecordTable = {
  id: string;
  /** The organisation that recorded it: it owns the record. */
  organisation_id: string;
  /** The entry it was recorded in (its evidence files are that entry's files). */
  entry_id: string;
  person_name: string;
  /** 'person' | 'representative' */
  given_by: string;
  representative_name: string | null;
  representative_relationship: string | null;
  /** JSON ConsentRecordUse[] */
  uses: string;
  /** A ConsentMethod */
  method: string;
  method_detail: string | null;
  /** JSON file ids (entry_files of `entry_id`) */
  evidence_file_ids: string;
  /** YYYY-MM-DD */
  given_on: string;
  /** YYYY-MM-DD: the first day it no longer holds */
  expires_on: string;
  recorded_by: string;
  recorded_at: number;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
  withdrawn_by_organisation: string | null;
  withdrawal_reason: string | null;
};

/** The entries that use a consent record. */
export type ConsentRecordEntryTable = {
  consent_id: string;
  entry_id: string;
  linked_by: string;
  linked_at: number;
};
