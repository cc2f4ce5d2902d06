import { isInvitationToken } from '@jointly/shared';

/**
 * Which paths are pages of the single-page app (PRODUCT §6 deep links), and which are not pages
 * at all. The server answers a page with the built client's index.html (200); any other path that
 * is neither API, socket nor asset gets the same index.html with 404, and the client's router
 * draws its "Page not found" page in the app's layout, with its lang and title (issue 11 item 13:
 * `/nosuchpage`, `/entries` or a mistyped invitation link answered raw JSON). Only `/api/…` (and
 * the socket's `/collab/…` and the build's `/assets/…`) keep the JSON 404.
 */
const PAGES: readonly RegExp[] = [
  /^\/$/,
  /^\/signin$/,
  /^\/signup$/,
  /^\/entries\/[a-z0-9]+$/,
  /^\/entries\/[a-z0-9]+\/sections\/[a-z0-9-]+$/,
  /^\/entries\/[a-z0-9]+\/judge$/,
  /^\/tasks$/,
  // Custom award categories (issue 17 item 1).
  /^\/categories$/,
  /^\/settings\/notifications$/,
  /^\/settings\/two-factor$/,
  /^\/unsubscribe\/[a-z2-7]{32}$/,
  // Account recovery and management (issue 15); links carry 43-character base64url tokens.
  /^\/account$/,
  /^\/forgotten-password$/,
  /^\/(reset-password|verify-email|confirm-email)\/[A-Za-z0-9_-]{20,128}$/,
  // Your organisation (issue 15).
  /^\/organisation$/,
  // An organisation's two-factor requirement and audit log, for its admins (issue 15).
  /^\/organisation\/security$/,
];

const INVITATION_PAGE = /^\/invitations\/([^/]*)$/;

/** Paths that are never pages: the API, the collaboration socket and the client build's assets. */
const NOT_PAGES = /^\/(api|collab|assets)(\/|$)/;

/** A page of the app: answered with index.html and 200. */
export function isClientPage(path: string): boolean {
  if (PAGES.some((page) => page.test(path))) return true;
  const invitation = INVITATION_PAGE.exec(path);
  return invitation !== null && isInvitationToken(invitation[1] ?? '');
}

/** A path a person may have typed or followed that matches no page: the app's "Page not found", with 404. */
export function isUnknownPage(path: string): boolean {
  return !NOT_PAGES.test(path) && !isClientPage(path);
}
