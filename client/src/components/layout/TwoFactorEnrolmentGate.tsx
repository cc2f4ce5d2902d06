import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../auth/SessionProvider.tsx';

export const TWO_FACTOR_SETTINGS_PATH = '/settings/two-factor';

/** Pages a person held to setting up two-factor sign-in may still open: set-up, and those needing no session. */
const OPEN_WHILE_HELD = [
  /^\/settings\/two-factor$/,
  /^\/(signin|signup|forgotten-password)$/,
  /^\/(reset-password|verify-email|confirm-email|unsubscribe)\//,
];

/** The set-up page, coming back to `next` once done. */
export function twoFactorEnrolmentPath(next: string): string {
  return next && next !== '/'
    ? `${TWO_FACTOR_SETTINGS_PATH}?next=${encodeURIComponent(next)}`
    : TWO_FACTOR_SETTINGS_PATH;
}

/**
 * While GET /api/me says the person's organisation requires two-factor sign-in and this session
 * has none (issue 15), every page but set-up sends them there, keeping where they were going; the
 * server refuses everything else anyway (403 `two_factor_enrolment_required`).
 */
export function TwoFactorEnrolmentGate({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  const held = session.status === 'signedIn' && session.me.twoFactorEnrolmentRequired === true;
  if (held && !OPEN_WHILE_HELD.some((page) => page.test(location.pathname))) {
    return <Navigate to={twoFactorEnrolmentPath(`${location.pathname}${location.search}${location.hash}`)} replace />;
  }
  return <>{children}</>;
}
