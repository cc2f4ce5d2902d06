import { isAwarenessCursor } from '@jointly/shared';

/**
 * C-AW-9: the fields an awareness state may carry, checked as a whole before
 * it is applied or relayed. Others' editors read `cursor` straight into
 * y-prosemirror's caret plugin, which throws on each remote change when a
 * position is malformed, and that editor then writes stale state back over
 * others' text (issue 10, finding 4). So the fields the app uses must be:
 *
 * - `user`: replaced by the server from the session (C-AW-3), whatever was sent;
 * - `cursor`: absent, null, or `{anchor, head}` relative positions as
 *   `Y.relativePositionToJSON` writes them (packages/shared isAwarenessCursor.ts,
 *   the same check each editor applies to what reaches it);
 * - `section`: absent, null, or a section id.
 *
 * Fields the app does not read are passed on as they are (C-AW-4 bounds their
 * size and depth). Returns the state, or null when one of the app's fields is
 * malformed.
 */
export function cleanAwarenessState(state: Record<string, unknown>): Record<string, unknown> | null {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    switch (key) {
      case 'user':
        clean.user = value; // replaced from the session before it is applied (C-AW-3)
        break;
      case 'cursor':
        if (value !== null && !isAwarenessCursor(value)) return null;
        clean.cursor = value;
        break;
      case 'section':
        if (value !== null && !(typeof value === 'string' && value.length <= 200)) return null;
        clean.section = value;
        break;
      default:
        // Not a field the app reads: relayed as sent (size and depth are capped by C-AW-4).
        clean[key] = value;
    }
  }
  return clean;
}
