/**
 * Whether the next page heading should take focus. Set on every in-app
 * navigation (see Layout), not on the first page load, where focus belongs at
 * the top of the document and the skip link.
 */
let pending = false;

export function requestNavigationFocus(): void {
  pending = true;
}

/** Claims the pending focus request (one heading per navigation takes it). */
export function consumeNavigationFocus(): boolean {
  const wasPending = pending;
  pending = false;
  return wasPending;
}
