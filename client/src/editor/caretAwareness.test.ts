import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { caretAwareness, isCaretSafeState } from './caretAwareness.ts';

const created: awarenessProtocol.Awareness[] = [];
function newAwareness(doc = new Y.Doc()) {
  const awareness = new awarenessProtocol.Awareness(doc);
  created.push(awareness);
  return awareness;
}
afterEach(() => {
  for (const awareness of created.splice(0)) awareness.destroy();
});

/** Gives `into` the local state of a peer whose awareness holds `state`, as the provider would. */
function receiveRemoteState(into: awarenessProtocol.Awareness, state: Record<string, unknown>): number {
  const peer = newAwareness();
  peer.setLocalState(state);
  awarenessProtocol.applyAwarenessUpdate(
    into,
    awarenessProtocol.encodeAwarenessUpdate(peer, [peer.clientID]),
    'remote',
  );
  return peer.clientID;
}

const user = { name: 'Zoe', color: '#007f3b' };

describe('caretAwareness (issue 10, finding 4: the client survives a malformed remote state)', () => {
  it('I10-4: leaves out a remote state with a malformed cursor and keeps a valid one', () => {
    const doc = new Y.Doc();
    const awareness = newAwareness(doc);
    awareness.setLocalState({ user: { name: 'Me' } });
    const valid = receiveRemoteState(awareness, {
      user,
      cursor: { anchor: { tname: 'section:a', assoc: 0 }, head: { tname: 'section:a', assoc: 0 } },
    });
    const noCursor = receiveRemoteState(awareness, { user, cursor: null });
    const nullPositions = receiveRemoteState(awareness, { user, cursor: { anchor: null, head: null } });
    const halfCursor = receiveRemoteState(awareness, { user, cursor: { anchor: 1 } });
    const textUser = receiveRemoteState(awareness, { user: 'Zoe', cursor: null });

    const view = caretAwareness(awareness);
    const shown = [...view.getStates().keys()];
    expect(shown).toContain(awareness.clientID);
    expect(shown).toContain(valid);
    expect(shown).toContain(noCursor);
    expect(shown).not.toContain(nullPositions);
    expect(shown).not.toContain(halfCursor);
    expect(shown).not.toContain(textUser);
    expect([...view.states.keys()]).toEqual(shown);
    // The real awareness is untouched: presence and the server still see everyone.
    expect(awareness.getStates().size).toBe(6);
  });

  it('is the real awareness for everything else: local state, events and client id', () => {
    const awareness = newAwareness();
    const view = caretAwareness(awareness);
    expect(view.clientID).toBe(awareness.clientID);
    expect(view.doc).toBe(awareness.doc);
    const changes: unknown[] = [];
    const listener = (change: unknown) => changes.push(change);
    view.on('change', listener);
    view.setLocalStateField('cursor', null);
    expect(awareness.getLocalState()).toEqual({ cursor: null });
    expect(view.getLocalState()).toEqual({ cursor: null });
    expect(changes).toHaveLength(1);
    // A remote change is still an event (the plugin then reads the filtered states).
    receiveRemoteState(awareness, { user, cursor: { anchor: null, head: null } });
    expect(changes).toHaveLength(2);
    view.off('change', listener);
    receiveRemoteState(awareness, { user });
    expect(changes).toHaveLength(2);
  });

  it('isCaretSafeState accepts what y-prosemirror writes and refuses what would make it throw', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:a');
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(fragment, 0));
    expect(isCaretSafeState({ user, cursor: { anchor: position, head: position } })).toBe(true);
    expect(isCaretSafeState({})).toBe(true);
    expect(isCaretSafeState(null)).toBe(false);
    expect(isCaretSafeState({ cursor: { anchor: position } })).toBe(false);
    expect(isCaretSafeState({ cursor: { anchor: position, head: 'x' } })).toBe(false);
    expect(isCaretSafeState({ cursor: 'here' })).toBe(false);
    expect(isCaretSafeState({ user: 7 })).toBe(false);
  });
});
