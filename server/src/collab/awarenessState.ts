/**
 * C-AW-9: the fields an awareness state may carry, checked as a whole before
 * it is applied or relayed. Others' editors read `cursor` straight into
 * y-prosemirror's caret plugin, which throws on each remote change when a
 * position is malformed, and that editor then writes stale state back over
 * others' text (issue 10, finding 4). So the fields the app uses must be:
 *
 * - `user`: replaced by the server from the session (C-AW-3), whatever was sent;
 * - `cursor`: absent, null, or `{anchor, head}` relative positions as
 *   `Y.relativePositionToJSON` writes them;
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
        if (value !== null && !isCursor(value)) return null;
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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isClock = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isId(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 2 && isClock(value.client) && isClock(value.clock);
}

/** `Y.relativePositionToJSON`'s shape: `type` or `tname` says where, `item` at what, `assoc` which side. */
function isRelativePosition(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const [key, field] of Object.entries(value)) {
    if (key === 'type' || key === 'item') {
      if (field !== null && !isId(field)) return false;
    } else if (key === 'tname') {
      if (field !== null && !(typeof field === 'string' && field.length <= 200)) return false;
    } else if (key === 'assoc') {
      if (!(typeof field === 'number' && Number.isInteger(field))) return false;
    } else return false;
  }
  // A position names a type (by id or top-level name) or an item in one.
  return isId(value.type) || typeof value.tname === 'string' || isId(value.item);
}

function isCursor(value: unknown): boolean {
  return (
    isObject(value) &&
    Object.keys(value).every((key) => key === 'anchor' || key === 'head') &&
    isRelativePosition(value.anchor) &&
    isRelativePosition(value.head)
  );
}
