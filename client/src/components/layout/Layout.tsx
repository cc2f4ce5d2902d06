import { useLayoutEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { requestNavigationFocus } from './navigationFocus.ts';
import { PendingMembershipBanner } from './PendingMembershipBanner.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { TwoFactorEnrolmentGate } from './TwoFactorEnrolmentGate.tsx';
import { UnverifiedBanner } from './UnverifiedBanner.tsx';

/** Every page: skip link, header, the page in <main>, footer. */
export function Layout() {
  const location = useLocation();
  const firstRender = useRef(true);

  // After an in-app navigation the new page's h1 takes focus (see PageHeading). A layout
  // effect, so the request is in place before the new page's own effects run.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation.
  useLayoutEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    requestNavigationFocus();
  }, [location.pathname]);

  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <SiteHeader />
      <div className="nhsuk-width-container jointly-width-container">
        <main className="nhsuk-main-wrapper nhsuk-main-wrapper--s jointly-main" id="maincontent" tabIndex={-1}>
          <UnverifiedBanner />
          <PendingMembershipBanner />
          <TwoFactorEnrolmentGate>
            <Outlet />
          </TwoFactorEnrolmentGate>
        </main>
      </div>
      <footer className="nhsuk-footer" role="contentinfo">
        <div className="nhsuk-width-container">
          <p className="nhsuk-body-s jointly-footer__text">
            Jointly helps NHS organisations and their partners write award entries together. Entries are written here
            and submitted on the award organiser’s own portal.
          </p>
        </div>
      </footer>
    </>
  );
}
