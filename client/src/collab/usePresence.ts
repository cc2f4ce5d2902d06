import { useEffect, useState } from 'react';
import type { EntryCollabSession } from './EntryCollabSession.ts';
import { type Presence, presenceFromAwareness } from './presenceFromAwareness.ts';

/** Everyone with the entry open now, from the session's awareness, kept current. */
export function usePresence(session: EntryCollabSession | null): Presence[] {
  const [presence, setPresence] = useState<Presence[]>([]);
  useEffect(() => {
    if (!session) {
      setPresence([]);
      return;
    }
    const awareness = session.awareness;
    let lastKey = '';
    const update = () => {
      const next = presenceFromAwareness(awareness.getStates(), session.doc, session.doc.clientID);
      // Carets move on every keystroke of every person; re-render only when who/where changed.
      const key = JSON.stringify(next);
      if (key === lastKey) return;
      lastKey = key;
      setPresence(next);
    };
    update();
    // 'change' fires when someone joins, leaves or moves, not on every keep-alive.
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [session]);
  return presence;
}
