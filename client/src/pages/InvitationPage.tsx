import { isInvitationToken } from '@jointly/shared';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/ApiError.ts';
import { acceptInvitation, previewInvitation } from '../api/apiClient.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { authPath } from '../auth/safeNextPath.ts';
import { ErrorSummary } from '../components/fields/ErrorSummary.tsx';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { formatDateTime } from '../format/formatDate.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../format/roleLabels.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * `/invitations/:token`: see who invited you to what, then accept (signing in or registering
 * first). A link whose token cannot be an invitation (a mistyped or cut link) is "Page not found",
 * as the server answers it (issue 11 item 13).
 */
export function InvitationPage() {
  const { token = '' } = useParams();
  return isInvitationToken(token) ? <Invitation token={token} /> : <NotFoundPage />;
}

function Invitation({ token }: { token: string }) {
  const preview = useLoad(() => previewInvitation(token), [token]);
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const [acceptError, setAcceptError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [accepting, setAccepting] = useState(false);
  const here = `/invitations/${encodeURIComponent(token)}`;

  if (preview.status === 'loading' || session.status === 'loading') {
    return <LoadingMessage>Loading the invitation…</LoadingMessage>;
  }
  if (preview.status === 'error') {
    const error = preview.error;
    const message =
      error instanceof ApiError && error.status !== 0 && error.status < 500
        ? error.message
        : 'The invitation could not be loaded. Check your connection and try again.';
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <PageHeading>This invitation cannot be used</PageHeading>
          <p className="nhsuk-body">{message}</p>
          <p className="nhsuk-body">Ask the person who invited you to send a new invitation.</p>
          <p className="nhsuk-body">
            <Link to="/">Go to your entries</Link>
          </p>
        </div>
      </div>
    );
  }

  const invitation = preview.data;
  const me = session.status === 'signedIn' ? session.me : null;
  const otherAccount = me !== null && me.user.email.toLowerCase() !== invitation.email.toLowerCase();

  async function accept() {
    if (accepting) return;
    setAccepting(true);
    setAttempt((n) => n + 1);
    try {
      const accepted = await acceptInvitation(token);
      navigate(`/entries/${encodeURIComponent(accepted.entryId)}`, { replace: true });
    } catch (error) {
      setAcceptError(error instanceof ApiError ? error.message : 'The invitation could not be accepted. Try again.');
      setAccepting(false);
    }
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary
          items={acceptError ? [{ fieldId: null, message: acceptError }] : []}
          title="The invitation could not be accepted"
          focusKey={attempt}
        />
        <PageHeading caption="Invitation" title={`Join ${invitation.entryTitle}`}>
          Join “{invitation.entryTitle}”
        </PageHeading>
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Invited by</dt>
            <dd className="nhsuk-summary-list__value">{invitation.invitedBy}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Lead organisation</dt>
            <dd className="nhsuk-summary-list__value">{invitation.leadOrganisation}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Your role</dt>
            <dd className="nhsuk-summary-list__value">
              {ROLE_LABELS[invitation.role]}
              <span className="nhsuk-hint jointly-hint-inline">{ROLE_DESCRIPTIONS[invitation.role]}</span>
            </dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">For</dt>
            <dd className="nhsuk-summary-list__value">{invitation.email}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Expires</dt>
            <dd className="nhsuk-summary-list__value">{formatDateTime(invitation.expiresAt)}</dd>
          </div>
        </dl>

        {me === null ? (
          <>
            <p className="nhsuk-body">
              You join the entry with your own account and organisation. Sign in, or create an account with{' '}
              {invitation.email}, to accept.
            </p>
            <div className="jointly-button-row">
              <Link className="nhsuk-button" to={authPath('/signin', here, invitation.email)}>
                Sign in to accept
              </Link>
              <Link className="nhsuk-button nhsuk-button--secondary" to={authPath('/signup', here, invitation.email)}>
                Create an account
              </Link>
            </div>
          </>
        ) : otherAccount ? (
          // Accepting can only fail for another account (403 invitation_email_mismatch), so no
          // "Accept" button here: say why, and offer the way to the right account (issue 11 item 4).
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span>
                <span className="nhsuk-u-visually-hidden">Important: </span>This invitation is for someone else
              </span>
            </h2>
            <p>
              You are signed in as {me.user.email}, but the invitation is for {invitation.email}. Only that account can
              accept it. Sign out, then sign in (or create an account) with {invitation.email}.
            </p>
            <p>
              If you should be on this entry as {me.user.email}, ask {invitation.invitedBy} to invite that address.
            </p>
            <button
              type="button"
              className="nhsuk-button"
              onClick={() => {
                void signOut().then(() => navigate(authPath('/signin', here, invitation.email)));
              }}
            >
              Sign out and sign in as {invitation.email}
            </button>
          </div>
        ) : (
          <>
            <p className="nhsuk-body">
              You will join as {me.user.name} of {me.organisation.name}.
            </p>
            <button className="nhsuk-button" type="button" onClick={accept} aria-disabled={accepting}>
              {accepting ? 'Accepting…' : 'Accept invitation'}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
