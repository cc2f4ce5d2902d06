import type { MeDto } from '@jointly/shared';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../auth/SessionProvider.tsx';
import { authPath } from '../../auth/safeNextPath.ts';
import { LoadingMessage } from './LoadingMessage.tsx';
import { ServiceUnavailable } from './ServiceUnavailable.tsx';

/**
 * Renders its children for a signed-in person; otherwise sends them to sign in
 * and back here. A page state like the loading and service-unavailable
 * messages it shows, so it sits with them: auth/ holds the session and no UI.
 */
export function RequireSignIn({ children }: { children: (me: MeDto) => ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <LoadingMessage>Loading…</LoadingMessage>;
  if (session.status === 'unavailable') return <ServiceUnavailable />;
  if (session.status === 'signedOut') {
    // Whoever signs in next on this computer is not sent back to the last person's page.
    if (session.byPerson) return <Navigate to="/signin" replace />;
    const next = `${location.pathname}${location.search}${location.hash}`;
    const target = authPath('/signin', next);
    return <Navigate to={session.expired ? `${target}${target.includes('?') ? '&' : '?'}expired=1` : target} replace />;
  }
  return <>{children(session.me)}</>;
}
