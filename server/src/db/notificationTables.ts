// The tables of notifications (issue 14 items 5 and 6): rows per recipient, digests, settings, unsubscribe tokens and review requests.

/** A notification for one person (issue 14 item 5); `ref` is the comment it is about, when any. */
export type NotificationTable = {
  id: string;
  user_id: string;
  entry_id: string;
  section_id: string | null;
  /** NotificationKind. */
  kind: string;
  actor_id: string;
  ref: string | null;
  created_at: number;
  read_at: number | null;
  /** The digest that took this row (one process's claim id); null until then. */
  email_claim: string | null;
  emailed_at: number | null;
};

/** When a person's last notification digest was sent. */
export type NotificationDigestTable = {
  user_id: string;
  last_sent_at: number;
};

/** A person's e-mail choices: JSON string[] of NotificationKind switched off. */
export type NotificationSettingsTable = {
  user_id: string;
  email_off: string;
  updated_at: number;
};

/** Hex SHA-256 of an unsubscribe link's secret, and whose it is. */
export type UnsubscribeTokenTable = {
  token_hash: string;
  user_id: string;
  created_at: number;
};

/** A section marked "ready for review" (issue 14 item 6), cleared by its approval or withdrawn. */
export type ReviewRequestTable = {
  entry_id: string;
  section_id: string;
  requested_by: string;
  requested_at: number;
};
