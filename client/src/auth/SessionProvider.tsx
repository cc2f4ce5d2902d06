import type { MeDto } from '@jointly/shared';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { getMe, onSessionExpired, signOut as signOutRequest } from '../api/apiClient.ts';
import { onTwoFactorEnrolmentRequired } from '../api/twoFactorEnrolmentSignal.ts';
import { claimOfflineCopiesFor, discardAllOfflineCopies } from '../collab/offlineCopies.ts';

export type Session =
  | { status: 'loading'; me: null }
  | {
      status: 'signedOut';
      me: null;
      expired: boolean;
      /** Signed out here, with the button: on a shared computer nothing of the last page is kept (no `next`). */
      byPerson?: boolean;
    }
  | { status: 'signedIn'; me: MeDto }
  /** GET /api/me failed for another reason (server down): we cannot say who is signed in. */
  | { status: 'unavailable'; me: null };

type SessionContextValue = {
  session: Session;
  /** After sign-in or sign-up: the server's answer is who is signed in. */
  signedIn: (me: MeDto) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in, loaded once from GET /api/me and kept in step with 401s from any API call. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading', me: null });

  const refresh = useCallback(async () => {
    try {
      const me = await getMe();
      setSession(me ? { status: 'signedIn', me } : { status: 'signedOut', me: null, expired: false });
    } catch {
      setSession({ status: 'unavailable', me: null });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setSession((current) =>
          current.status === 'signedIn' ? { status: 'signedOut', me: null, expired: true } : current,
        );
        // The copies were sealed with the ended session's key (issue 18 item 3): nobody can read them now.
        void discardAllOfflineCopies().catch(() => undefined);
      }),
    [],
  );

  // The organisation required two-factor sign-in since this page loaded: /api/me now says so, and
  // the layout's gate takes the person to set it up (components/layout/TwoFactorEnrolmentGate.tsx).
  useEffect(() => onTwoFactorEnrolmentRequired(() => void refresh()), [refresh]);

  // Offline copies hold their author's Yjs client ids: never let another account send them.
  const userId = session.status === 'signedIn' ? session.me.user.id : null;
  useEffect(() => {
    if (userId) void claimOfflineCopiesFor(userId);
  }, [userId]);

  const signedIn = useCallback((me: MeDto) => setSession({ status: 'signedIn', me }), []);

  const signOut = useCallback(async () => {
    try {
      await signOutRequest();
    } finally {
      setSession({ status: 'signedOut', me: null, expired: false, byPerson: true });
      // In the background: an entry page still open holds its copy until it unmounts.
      void discardAllOfflineCopies().catch(() => undefined);
    }
  }, []);

  const value = useMemo(() => ({ session, signedIn, signOut, refresh }), [session, signedIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
