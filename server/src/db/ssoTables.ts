/**
 * Tables of single sign-on (issue 15, sso/), kept beside schema.ts (which lists them in
 * `Database`) so that file stays within the size limit.
 */
/** An account's identity at an OpenID Connect provider (sso/ssoAccounts.ts). */
export type SsoIdentityTable = {
  issuer: string;
  /** The ID token's `sub`: stable per account at that issuer. */
  subject: string;
  user_id: string;
  created_at: number;
};

/** A sign-in waiting for the provider's answer (sso/ssoLogins.ts); deleted when it comes back. */
export type SsoLoginTable = {
  /** SHA-256 (hex) of the browser cookie's token. */
  token_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  /** Where to go afterwards: a path on this site only. */
  next_path: string;
  expires_at: number;
};
