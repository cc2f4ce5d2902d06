import type { OrganisationKind, OrganisationMemberRole, OrganisationMemberStatus } from '@jointly/shared';

/**
 * Who is behind a request once signed in. It lives here, beside the context
 * that carries it, so http/ (errors, validation, the request context) depends
 * on no feature folder: auth/ builds it (`sessionService.validateToken`) and
 * sets it (`requireAuth`), importing the type from here as it imports the rest
 * of http/.
 */
export type AuthContext = {
  sessionId: string;
  user: { id: string; email: string; name: string };
  organisation: { id: string; name: string; kind: OrganisationKind };
  /** The account's address is proven (issue 15): endorsing needs it. */
  emailVerified: boolean;
  /** Confirmed as a member of `organisation`, or pending (issue 15): endorsing for it needs confirmed. */
  organisationStatus: OrganisationMemberStatus;
  /** An organisation admin manages its members, identifiers and domains (organisations/). */
  organisationRole: OrganisationMemberRole;
  /** How this session signed in (issue 15); null for sessions from before it was recorded (passwords). */
  signInMethod: 'password' | 'two_factor' | 'sso' | null;
  /**
   * The organisation requires two-factor sign-in and this session has none (auth/twoFactorEnrolment.ts):
   * requireAuth refuses every route but the set-up ones with 403 `two_factor_enrolment_required`.
   */
  twoFactorEnrolmentRequired: boolean;
};

/** Hono's context variables: `auth` is set by `requireAuth` on protected routes. */
export type AppEnv = { Variables: { auth: AuthContext } };
