import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { getOrganisation } from '../../api/organisationsApi.ts';
import { useSession } from '../../auth/SessionProvider.tsx';

/**
 * Shown while the signed-in person is a pending member of their organisation (issue 15): who can
 * confirm them, and what waits until then (endorsing for it). Its admins are named when the
 * organisation's page can be read. A declined person is told so, and where to change organisation.
 */
export function PendingMembershipBanner() {
  const { session } = useSession();
  const me = session.status === 'signedIn' ? session.me : null;
  // Not while held to setting up two-factor sign-in: the server answers nothing else until then.
  const status = me?.user.organisationStatus;
  const pending = status === 'pending' && me?.twoFactorEnrolmentRequired !== true;
  const declined = status === 'declined' && me?.twoFactorEnrolmentRequired !== true;
  const organisationId = me?.organisation.id ?? null;
  const [admins, setAdmins] = useState<{ organisationId: string; names: string[] } | null>(null);
  useEffect(() => {
    if (!pending || !organisationId) return;
    let live = true;
    getOrganisation(organisationId)
      .then((organisation) => {
        if (live) setAdmins({ organisationId, names: organisation.admins.map((a) => a.name) });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [pending, organisationId]);
  if (me && declined) return <DeclinedBanner organisation={me.organisation.name} />;
  if (!me || !pending) return null;
  const names = admins?.organisationId === me.organisation.id ? admins.names : [];
  const organisation = me.organisation.name;

  return (
    <section className="nhsuk-inset-text jointly-pending-membership" aria-labelledby="pending-membership-heading">
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2" id="pending-membership-heading">
        Waiting for an admin of {organisation} to confirm you
      </h2>
      <p className="nhsuk-body nhsuk-u-margin-bottom-2">
        Until then your membership of {organisation} shows as unconfirmed on entries, and you cannot endorse entries for
        it. Everything else your role on each entry allows works as usual.
        {names.length > 0 ? ` Its admins: ${names.join(', ')}.` : ''}
      </p>
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">
        <Link to="/organisation">About {organisation} on Jointly</Link>
        {' · '}
        <Link to="/account#change-organisation">Not {organisation}? Change your organisation</Link>
      </p>
    </section>
  );
}

/** An admin said this person is not one of theirs: what that means, and where to name their real organisation. */
function DeclinedBanner({ organisation }: { organisation: string }) {
  return (
    <section className="nhsuk-inset-text jointly-pending-membership" aria-labelledby="declined-membership-heading">
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2" id="declined-membership-heading">
        An admin of {organisation} declined you as a member
      </h2>
      <p className="nhsuk-body nhsuk-u-margin-bottom-2">
        Your membership of {organisation} shows as declined on entries, and you cannot endorse entries for it.
        Everything else your role on each entry allows works as usual. If you work for another organisation, change it
        on your account page; if this is a mistake, ask one of its admins.
      </p>
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">
        <Link to="/account#change-organisation">Change your organisation</Link>
      </p>
    </section>
  );
}
