/**
 * Single sign-on with an OpenID Connect provider (issue 15). The server answers `GET /api/auth/sso`
 * with this status; a failed sign-in comes back to `/signin?sso_error=<reason>`.
 */
export type SsoStatusDto = {
  enabled: boolean;
  /** The provider as people know it, e.g. "NHSmail / Microsoft"; null when SSO is off. */
  displayName: string | null;
};

/** Why a single sign-on did not sign anyone in; each has a message people can act on. */
export const SSO_ERROR_MESSAGES = {
  sso_off: 'Single sign-on is not set up on this site. Sign in with your email and password.',
  sso_expired: 'Your single sign-on took too long or was already used. Try again.',
  sso_state: 'Your single sign-on could not be checked, so you were not signed in. Try again.',
  sso_provider: 'Your organisation’s sign-in service refused or failed to sign you in. Try again.',
  sso_token:
    'Your organisation’s sign-in service sent an answer that could not be verified, so you were not signed in.',
  sso_email_unverified:
    'Your organisation’s sign-in service did not confirm your email address, so it cannot be linked to a Jointly account.',
  sso_unavailable: 'Your organisation’s sign-in service cannot be reached right now. Try again later.',
} as const;
export type SsoErrorReason = keyof typeof SSO_ERROR_MESSAGES;

export function isSsoErrorReason(value: string | null | undefined): value is SsoErrorReason {
  return typeof value === 'string' && Object.hasOwn(SSO_ERROR_MESSAGES, value);
}
