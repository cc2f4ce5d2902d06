/**
 * Tables of two-factor sign-in (issue 15, mfa/), kept beside schema.ts (which lists them in
 * `Database`) so that file stays within the size limit.
 */
/** TOTP of an account (mfa/twoFactorService.ts); `enabled_at` null: set up but not confirmed yet. */
export type TwoFactorTable = {
  user_id: string;
  /** Base32; never sent again once enrolment is confirmed. */
  secret: string;
  enabled_at: number | null;
  /** The 30-second step of the last accepted code: only later steps are accepted (no replay). */
  last_used_step: number | null;
  created_at: number;
};

export type TwoFactorRecoveryCodeTable = {
  /** SHA-256 (hex) of the code; the row is deleted when the code is used. */
  code_hash: string;
  user_id: string;
  created_at: number;
};

/** A sign-in whose password was right, waiting for its code (mfa/pendingLogins.ts). */
export type PendingLoginTable = {
  id: string;
  /** SHA-256 (hex) of the secret half of the cookie. */
  secret_hash: string;
  user_id: string;
  failures: number;
  created_at: number;
  expires_at: number;
};
