import { safeNextPath } from '@jointly/shared';

// One rule for the page and the server's single sign-on (packages/shared).
export { safeNextPath };

/** A sign-in or sign-up link that comes back to `path` afterwards, with the email prefilled if known. */
export function authPath(page: '/signin' | '/signup', next: string, email?: string | null): string {
  const params = new URLSearchParams();
  if (next && next !== '/') params.set('next', next);
  if (email) params.set('email', email);
  const query = params.toString();
  return query ? `${page}?${query}` : page;
}
