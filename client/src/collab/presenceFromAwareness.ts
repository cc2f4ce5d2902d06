import { sectionIdOf } from '@jointly/shared';
import * as Y from 'yjs';
import { accessibleColour, fallbackOrganisationColour } from './organisationColour.ts';

/** Someone with this entry open, as this page shows them. */
export type Presence = {
  /** One awareness client of theirs (a person may have several tabs). */
  clientId: number;
  userId: string | null;
  name: string;
  organisationId: string | null;
  organisationName: string;
  /** Readable on white and under white text (see organisationColour). */
  color: string;
  /** The section they are in now, or null. */
  sectionId: string | null;
  isSelf: boolean;
};

/** The awareness `user` field as the server stamps it: {id, name, organisationId, organisationName, color}. */
type AwarenessUser = {
  id?: unknown;
  name?: unknown;
  organisationId?: unknown;
  organisationName?: unknown;
  color?: unknown;
};

/** Awareness field in which this client says which section it is working in. */
export const SECTION_AWARENESS_FIELD = 'section';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The name of the top-level shared type that contains `type`, or null. */
function topLevelName(doc: Y.Doc, type: Y.AbstractType<unknown>): string | null {
  let current: Y.AbstractType<unknown> = type;
  while (current._item !== null) {
    current = current._item.parent as Y.AbstractType<unknown>;
  }
  for (const [name, shared] of doc.share) {
    if (shared === current) return name;
  }
  return null;
}

/**
 * The section an awareness state is in: our own `section` field when the
 * client sets it, else where its editor caret (`cursor.anchor`, y-prosemirror's
 * relative position) points, so other clients' carets count too.
 */
export function sectionOfAwarenessState(state: Record<string, unknown>, doc: Y.Doc): string | null {
  const declared = text(state[SECTION_AWARENESS_FIELD]);
  if (declared !== null) return declared;
  const cursor = state.cursor as { anchor?: unknown } | null | undefined;
  if (!cursor || typeof cursor.anchor !== 'object' || cursor.anchor === null) return null;
  try {
    const relative = Y.createRelativePositionFromJSON(cursor.anchor);
    if (relative.tname !== null) return sectionIdOf(relative.tname);
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
    if (absolute === null) return null;
    const name = topLevelName(doc, absolute.type);
    return name === null ? null : sectionIdOf(name);
  } catch {
    // A malformed cursor from another client must not break this page.
    return null;
  }
}

/**
 * Everyone in the awareness states, one row per person (their tabs merged,
 * keeping a section any tab is in), ourselves first, then by name.
 */
export function presenceFromAwareness(
  states: ReadonlyMap<number, Record<string, unknown> | null | undefined>,
  doc: Y.Doc,
  ownClientId: number,
): Presence[] {
  const byPerson = new Map<string, Presence>();
  for (const [clientId, state] of states) {
    if (!state) continue;
    const user = (state.user ?? {}) as AwarenessUser;
    const name = text(user.name);
    if (name === null) continue;
    const userId = text(user.id);
    const organisationId = text(user.organisationId);
    const presence: Presence = {
      clientId,
      userId,
      name,
      organisationId,
      organisationName: text(user.organisationName) ?? '',
      color: accessibleColour(user.color, fallbackOrganisationColour(organisationId ?? name)),
      sectionId: sectionOfAwarenessState(state, doc),
      isSelf: clientId === ownClientId,
    };
    const key = userId ?? `client:${clientId}`;
    const existing = byPerson.get(key);
    if (existing === undefined) {
      byPerson.set(key, presence);
    } else {
      byPerson.set(key, {
        ...existing,
        isSelf: existing.isSelf || presence.isSelf,
        sectionId: existing.sectionId ?? presence.sectionId,
      });
    }
  }
  return [...byPerson.values()].sort((a, b) => {
    if (a.isSelf !== b.isSelf) return a.isSelf ? -1 : 1;
    return a.name.localeCompare(b.name, 'en-GB');
  });
}
