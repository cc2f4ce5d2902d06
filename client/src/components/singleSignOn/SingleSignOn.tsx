import { isSsoErrorReason, SSO_ERROR_MESSAGES, type SsoStatusDto } from '@jointly/shared';
import { useEffect, useState } from 'react';
import { request } from '../../api/apiClient.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';

/** Whether the server offers single sign-on (issue 15); null until known, or if it cannot be asked. */
function useSsoStatus(): SsoStatusDto | null {
  const [status, setStatus] = useState<SsoStatusDto | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    request<SsoStatusDto>('GET', '/api/auth/sso', { signal: controller.signal })
      .then(setStatus)
      .catch(() => {
        // Without an answer the page offers the password form only, as with SSO off.
      });
    return () => controller.abort();
  }, []);
  return status;
}

/** Why the last single sign-on failed (`?sso_error=` from the server's redirect), as an error summary. */
export function SingleSignOnError({ reason }: { reason: string | null }) {
  if (!isSsoErrorReason(reason)) return null;
  return (
    <ErrorSummary title="You were not signed in" items={[{ fieldId: null, message: SSO_ERROR_MESSAGES[reason] }]} />
  );
}

/**
 * "Sign in with <provider>": a plain link, since the browser itself must go to the provider and
 * back (the server's redirects carry the sign-in); nothing shows when SSO is off.
 */
export function SingleSignOnButton({ next }: { next: string }) {
  const status = useSsoStatus();
  if (!status?.enabled) return null;
  const href = next === '/' ? '/api/auth/sso/start' : `/api/auth/sso/start?next=${encodeURIComponent(next)}`;
  return (
    <>
      <a className="nhsuk-button nhsuk-button--secondary" href={href} draggable={false}>
        Sign in with {status.displayName}
      </a>
      <p className="nhsuk-body">Or use your email address and password:</p>
    </>
  );
}
