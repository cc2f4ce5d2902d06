import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../auth/SessionProvider.tsx';
import { authPath } from '../../auth/safeNextPath.ts';
import { SERVICE_NAME } from '../../config.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';

/**
 * The NHS.UK header pattern with the service name and an account area.
 * Jointly is not an NHS service, so it does not show the NHS logo.
 */
export function SiteHeader() {
  const { session, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const here = `${location.pathname}${location.search}`;
  const onAuthPage = location.pathname === '/signin' || location.pathname === '/signup';

  return (
    <header className="nhsuk-header jointly-header" data-module="nhsuk-header">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-name jointly-header__service-name" to="/">
            {SERVICE_NAME}
            <span className="jointly-header__strapline"> joint award entries</span>
          </Link>
        </div>
        <nav className="nhsuk-header__account" aria-label="Account">
          <ul className="nhsuk-header__account-list">
            {session.status === 'signedIn' ? (
              <>
                {/* Held to setting up two-factor sign-in, nothing but set-up answers: no bell until then. */}
                {session.me.twoFactorEnrolmentRequired ? null : (
                  <li className="nhsuk-header__account-item">
                    <NotificationBell />
                  </li>
                )}
                <li className="nhsuk-header__account-item">
                  {/* Your account (issue 15): the name links to it. */}
                  <Link className="nhsuk-header__account-link jointly-header__who" to="/account">
                    {session.me.user.name}
                    <span className="jointly-header__org">{session.me.organisation.name}</span>
                    <span className="nhsuk-u-visually-hidden">: your account</span>
                  </Link>
                </li>
                <li className="nhsuk-header__account-item">
                  <button
                    type="button"
                    className="nhsuk-header__account-button"
                    onClick={() => {
                      void signOut().then(() => navigate('/signin'));
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </>
            ) : session.status === 'signedOut' && !onAuthPage ? (
              <li className="nhsuk-header__account-item">
                <Link className="nhsuk-header__account-link" to={authPath('/signin', here)}>
                  Sign in
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      </div>
    </header>
  );
}
