/**
 * The awareness `cursor` field as y-prosemirror writes it: `{anchor, head}`,
 * each a relative position in `Y.relativePositionToJSON`'s shape. Every
 * editor feeds other people's cursors straight into y-prosemirror's caret
 * plugin, which throws on a malformed one on every remote change, and that
 * editor then stops following the document and later writes its stale copy
 * back over others' text (issue 10, finding 4). So one check, used twice: the
 * server refuses such a state (C-AW-9) and each editor skips one that reaches
 * it anyway (client/src/editor/caretAwareness.ts).
 */
export function isAwarenessCursor(value: unknown): boolean {
  return (
    isObject(value) &&
    Object.keys(value).every((key) => key === 'anchor' || key === 'head') &&
    isRelativePositionJson(value.anchor) &&
    isRelativePositionJson(value.head)
  );
}

/** `Y.relativePositionToJSON`'s shape: `type` or `tname` says where, `item` at what, `assoc` which side. */
export function isRelativePositionJson(value: unknown): boolean {
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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isClock = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isId(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 2 && isClock(value.client) && isClock(value.clock);
}
