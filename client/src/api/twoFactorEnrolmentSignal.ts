type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * Called when a request answers 403 `two_factor_enrolment_required` (issue 15): the person's
 * organisation requires two-factor sign-in and this session has none, perhaps only since it was
 * switched on. The session context subscribes, reads GET /api/me again, and the app goes to set-up.
 */
export function onTwoFactorEnrolmentRequired(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyTwoFactorEnrolmentRequired(): void {
  for (const listener of listeners) listener();
}
