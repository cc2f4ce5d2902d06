import type { SignInMethod } from './sessionService.ts';

/**
 * Whether a session is held to setting up two-factor sign-in (issue 15): its organisation requires
 * it, the session was signed in with a password (not single sign-on, whose provider's MFA the
 * deployment's identity provider enforces), and the account has no TOTP on. Such a session reaches
 * only GET /api/me, the two-factor set-up routes and sign-out; setting TOTP up frees it at once,
 * since this is read on every request. Sessions from before migration 0015 (null) were passwords.
 */
export function mustEnrolTwoFactor(state: {
  organisationRequires: boolean;
  signInMethod: SignInMethod | null;
  twoFactorOn: boolean;
}): boolean {
  return state.organisationRequires && state.signInMethod !== 'sso' && !state.twoFactorOn;
}
