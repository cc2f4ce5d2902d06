import * as Y from 'yjs';

/**
 * A plausible edit history for the first-sync scenario: people typing one
 * keystroke per update (an update per character is what a live editor
 * sends), with backspaces and new paragraphs, across several sections and
 * several editing sessions (each session a Y.Doc with its own client id, as
 * each browser tab is). Deterministic for a given seed.
 */

/** Keystrokes per editing session before the "tab" is closed and a new one opens. */
const KEYSTROKES_PER_SESSION = 2000;
/** Keystrokes typed into one section before moving to another. */
const KEYSTROKES_PER_SECTION = 5000;
/**
 * Characters a section may hold in the history: under Jointly's limit for a
 * 400-word section (4,800, C-SCHEMA-3), so every keystroke is one a person
 * could type. At the cap the writer deletes instead of typing, as people trim.
 */
const SECTION_CHARS_CAP = 4000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'etaoinshrdlucmfwypvbgkjqxz      ';

export type TypingHistory = {
  /** The updates in order, each one keystroke. */
  updates: Uint8Array[];
  /** The final document state: a synced client must cover this state vector. */
  finalState: Uint8Array;
  finalStateVector: Map<number, number>;
  textLength: number;
};

export function generateTypingHistory(count: number, fragmentNames: string[], seed = 42): TypingHistory {
  const random = mulberry32(seed);
  const updates: Uint8Array[] = [];
  const master = new Y.Doc();
  let session: Y.Doc | null = null;
  let text: Y.XmlText | null = null;
  let cursor = 0;
  const local = Symbol('keystroke');
  const chars = new Map<string, number>();

  const closeSession = () => {
    if (!session) return;
    Y.applyUpdate(master, Y.encodeStateAsUpdate(session));
    session.destroy();
    session = null;
  };
  const openSession = (fragmentName: string) => {
    closeSession();
    session = new Y.Doc();
    Y.applyUpdate(session, Y.encodeStateAsUpdate(master));
    session.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === local) updates.push(update);
    });
    const fragment = session.getXmlFragment(fragmentName);
    // Continue in the last paragraph of the section, or start one.
    const last = fragment.length > 0 ? fragment.get(fragment.length - 1) : null;
    const existing = last instanceof Y.XmlElement ? last.get(0) : null;
    text = existing instanceof Y.XmlText ? existing : null;
    cursor = text ? text.length : 0;
  };

  for (let i = 0; i < count; i++) {
    const fragmentName = fragmentNames[Math.floor(i / KEYSTROKES_PER_SECTION) % fragmentNames.length] as string;
    if (i % KEYSTROKES_PER_SESSION === 0 || i % KEYSTROKES_PER_SECTION === 0) openSession(fragmentName);
    const doc = session as unknown as Y.Doc;
    const roll = random();
    const full = (chars.get(fragmentName) ?? 0) >= SECTION_CHARS_CAP;
    doc.transact(() => {
      if (full && text && text.length > 0) {
        // At the cap: trim, from where the writer is, or else from the start of the paragraph.
        const at = cursor > 0 ? cursor - 1 : 0;
        text.delete(at, 1);
        cursor = at;
        chars.set(fragmentName, (chars.get(fragmentName) ?? 0) - 1);
        return;
      }
      if (!text || roll < 0.02) {
        // A new paragraph after the current one.
        const fragment = doc.getXmlFragment(fragmentName);
        const paragraph = new Y.XmlElement('paragraph');
        fragment.insert(fragment.length, [paragraph]);
        const fresh = new Y.XmlText();
        paragraph.insert(0, [fresh]);
        fresh.insert(0, LETTERS[Math.floor(random() * 26)] as string);
        text = fresh;
        cursor = 1;
        chars.set(fragmentName, (chars.get(fragmentName) ?? 0) + 1);
      } else if (roll < 0.14 && cursor > 0) {
        text.delete(cursor - 1, 1);
        cursor--;
        chars.set(fragmentName, (chars.get(fragmentName) ?? 0) - 1);
      } else {
        if (roll > 0.995) cursor = Math.floor(random() * (text.length + 1));
        text.insert(cursor, LETTERS[Math.floor(random() * LETTERS.length)] as string);
        cursor++;
        chars.set(fragmentName, (chars.get(fragmentName) ?? 0) + 1);
      }
    }, local);
  }
  closeSession();
  const finalStateVector = Y.decodeStateVector(Y.encodeStateVector(master));
  let textLength = 0;
  for (const name of fragmentNames) textLength += master.getXmlFragment(name).toString().length;
  const finalState = Y.encodeStateAsUpdate(master);
  master.destroy();
  return { updates, finalState, finalStateVector, textLength };
}

/** True when `doc` holds at least everything in `stateVector`. */
export function coversState(doc: Y.Doc, stateVector: Map<number, number>): boolean {
  for (const [client, clock] of stateVector) {
    if (Y.getState(doc.store, client) < clock) return false;
  }
  return true;
}
