import { describe, expect, it } from 'vitest';
import { parseEntryEvent, publishEntryEvent, subscribeEntryEvents } from './entryEvents.ts';

describe('entry events (C-EVENT-2)', () => {
  it('reads the kinds it knows, with a section, and ignores anything else', () => {
    expect(parseEntryEvent('{"kind":"signoff"}')).toEqual({ kind: 'signoff' });
    expect(parseEntryEvent('{"kind":"comments","sectionId":"s1"}')).toEqual({ kind: 'comments', sectionId: 's1' });
    expect(parseEntryEvent('{"kind":"comments","sectionId":3,"body":"x"}')).toEqual({ kind: 'comments' });
    expect(parseEntryEvent('{"kind":"something-newer"}')).toBeNull();
    expect(parseEntryEvent('not json')).toBeNull();
  });

  it("delivers an entry's events to its listeners only, until they unsubscribe", () => {
    const heard: string[] = [];
    const off = subscribeEntryEvents('e1', (event) => heard.push(`e1:${event.kind}`));
    const offOther = subscribeEntryEvents('e2', (event) => heard.push(`e2:${event.kind}`));
    publishEntryEvent('e1', { kind: 'members' });
    off();
    publishEntryEvent('e1', { kind: 'status' });
    offOther();
    expect(heard).toEqual(['e1:members']);
  });
});
