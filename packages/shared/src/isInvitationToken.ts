/**
 * An invitation token as the server makes them: 20 random bytes in lower-case base32 without
 * padding, 32 characters. Anything else in an `/invitations/<token>` link cannot be an invitation,
 * so the server and the page answer "Page not found" for it without looking it up (issue 11 item 13).
 */
export const INVITATION_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** Whether `token` has the shape of an invitation token (not whether one exists). */
export function isInvitationToken(token: string): boolean {
  return INVITATION_TOKEN_PATTERN.test(token);
}
