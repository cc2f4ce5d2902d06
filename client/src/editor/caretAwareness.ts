import { isAwarenessCursor } from '@jointly/shared';
import type { Awareness } from 'y-protocols/awareness';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether y-prosemirror's caret plugin can read this awareness state without
 * throwing: a `cursor` absent, null or two relative positions (the check the
 * server applies, C-AW-9), and a `user` absent or an object (the plugin
 * writes default `color` and `name` into it).
 */
export function isCaretSafeState(state: unknown): state is Record<string, unknown> {
  if (!isPlainObject(state)) return false;
  if (state.cursor != null && !isAwarenessCursor(state.cursor)) return false;
  if (state.user != null && !isPlainObject(state.user)) return false;
  return true;
}

function caretSafeStates(awareness: Awareness): Map<number, Record<string, unknown>> {
  const safe = new Map<number, Record<string, unknown>>();
  for (const [clientId, state] of awareness.getStates()) {
    if (isCaretSafeState(state)) safe.set(clientId, state);
  }
  return safe;
}

/**
 * The entry's awareness as the section editors' carets see it: every state
 * the caret plugin could not read is left out. The plugin throws on a
 * malformed remote cursor on every remote change, after which that editor
 * stops showing others' edits and later writes its stale copy back, deleting
 * their text (issue 10, finding 4). The server refuses such states, but one
 * hostile or buggy peer (or a server that misses a case) must not be able to
 * break every open editor, so each editor checks what reaches it as well.
 *
 * Everything else (the local state, events, `clientID`) is the real awareness.
 */
export function caretAwareness(awareness: Awareness): Awareness {
  return new Proxy(awareness, {
    get(target, property) {
      if (property === 'getStates') return () => caretSafeStates(target);
      if (property === 'states') return caretSafeStates(target);
      const value: unknown = Reflect.get(target, property, target);
      // Methods run on the real awareness (its private fields are not the proxy's).
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
