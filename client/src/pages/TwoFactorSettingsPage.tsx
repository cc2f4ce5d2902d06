import type { TwoFactorStatusDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getTwoFactorStatus } from '../api/twoFactorApi.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { safeNextPath } from '../auth/safeNextPath.ts';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { RecoveryCodesPanel } from '../components/twoFactor/RecoveryCodesPanel.tsx';
import { TwoFactorManage } from '../components/twoFactor/TwoFactorManage.tsx';
import { TwoFactorSetup } from '../components/twoFactor/TwoFactorSetup.tsx';
import { useLoad } from '../hooks/useLoad.ts';

/**
 * `/settings/two-factor` (issue 15): set up two-factor authentication (QR code and key, then a
 * code), see the recovery codes once, make new ones, or turn it off. When the person's
 * organisation requires it and they have none, every page sends them here (`?next=` where they
 * were going); it says why, and once it is on they continue from the recovery codes.
 */
export function TwoFactorSettingsPage() {
  const loaded = useLoad(() => getTwoFactorStatus(), []);
  const { session, refresh } = useSession();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const held = session.status === 'signedIn' && session.me.twoFactorEnrolmentRequired === true;
  const organisationName = session.status === 'signedIn' ? session.me.organisation.name : '';
  // Still true once set-up has freed them, so the way on stays on the page.
  const cameHeld = useRef(false);
  if (held) cameHeld.current = true;
  const [status, setStatus] = useState<TwoFactorStatusDto | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    if (loaded.status === 'ok') setStatus(loaded.data);
  }, [loaded.status, loaded.data]);

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Two-factor authentication</PageHeading>
        {held ? (
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span className="nhsuk-u-visually-hidden">Important: </span>Your organisation requires two-factor
              authentication
            </h2>
            <p className="nhsuk-body">
              {organisationName} asks everyone who signs in with a password to enter a code from an authenticator app as
              well. Jointly holds personal information, such as patient testimonials, and the NHS Data Security and
              Protection Toolkit expects this protection for it.
            </p>
            <p className="nhsuk-body">
              Set it up below to carry on. It takes a couple of minutes; you need your phone.
            </p>
          </div>
        ) : null}
        {loaded.status === 'loading' ? <LoadingMessage>Loading your settings…</LoadingMessage> : null}
        {loaded.status === 'error' ? (
          <ProblemMessage title="Your settings could not be loaded">{problemText(loaded.error)}</ProblemMessage>
        ) : null}
        {codes ? <RecoveryCodesPanel key={codes.join()} codes={codes} /> : null}
        {status && !status.enabled ? (
          <TwoFactorSetup
            onEnabled={({ recoveryCodes }) => {
              setNotice('Two-factor authentication is on.');
              // The session is free now: read it again so the rest of the app opens.
              if (cameHeld.current) void refresh();
              setCodes(recoveryCodes);
              setStatus({ enabled: true, recoveryCodesLeft: recoveryCodes.length });
            }}
          />
        ) : null}
        {status?.enabled ? (
          <TwoFactorManage
            recoveryCodesLeft={status.recoveryCodesLeft}
            onNewCodes={({ recoveryCodes }) => {
              setNotice('You have new recovery codes. The old ones no longer work.');
              setCodes(recoveryCodes);
              setStatus({ enabled: true, recoveryCodesLeft: recoveryCodes.length });
            }}
            onDisabled={() => {
              setNotice('Two-factor authentication is off.');
              setCodes(null);
              setStatus({ enabled: false, recoveryCodesLeft: 0 });
            }}
          />
        ) : null}
        {cameHeld.current && !held && status?.enabled ? (
          <Link className="nhsuk-button" to={next}>
            Continue
          </Link>
        ) : null}
        <p className="nhsuk-body" role="status">
          {notice}
        </p>
      </div>
    </div>
  );
}
