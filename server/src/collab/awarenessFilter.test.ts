import { CloseCode } from '@jointly/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  filterAwarenessEntries,
  jsonDepth,
} from './awarenessFilter.ts';
import { ProtocolError } from './ProtocolError.ts';

const limits = { maxBytes: 1024, maxDepth: 4 };
const identity = {
  id: 'u1',
  name: 'Real Name',
  organisationId: 'o1',
  organisationName: 'Real Trust',
  color: '#005EB8',
};

function rawUpdate(entries: { clientId: number; clock: number; json: string }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as ProtocolError).code;
  }
  return null;
};

describe('decodeAwarenessUpdate', () => {
  it('reads what y-protocols encodes', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({
      cursor: {
        anchor: { tname: 'section:a', item: null, assoc: 0 },
        head: { tname: 'section:a', item: null, assoc: 0 },
      },
      user: { name: 'x' },
    });
    const entries = decodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]), limits);
    expect(entries).toEqual([
      {
        clientId: doc.clientID,
        clock: 1,
        state: {
          cursor: {
            anchor: { tname: 'section:a', item: null, assoc: 0 },
            head: { tname: 'section:a', item: null, assoc: 0 },
          },
          user: { name: 'x' },
        },
      },
    ]);
    awareness.destroy();
  });

  it('C-AW-4: refuses invalid JSON, non-object states, oversize and deep nesting with 1008', () => {
    expect(code(() => decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json: '{bad' }]), limits))).toBe(
      CloseCode.policyViolation,
    );
    expect(code(() => decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json: '[1]' }]), limits))).toBe(
      CloseCode.policyViolation,
    );
    expect(code(() => decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json: '"s"' }]), limits))).toBe(
      CloseCode.policyViolation,
    );
    const big = JSON.stringify({ text: 'x'.repeat(2000) });
    expect(code(() => decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json: big }]), limits))).toBe(
      CloseCode.policyViolation,
    );
    const deep = `${'{"a":'.repeat(5)}1${'}'.repeat(5)}`;
    expect(code(() => decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json: deep }]), limits))).toBe(
      CloseCode.policyViolation,
    );
    expect(code(() => decodeAwarenessUpdate(new Uint8Array([3, 1]), limits))).toBe(CloseCode.policyViolation);
    expect(code(() => decodeAwarenessUpdate(new Uint8Array([0, 0]), limits))).toBe(CloseCode.policyViolation);
    expect(decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 2, json: 'null' }]), limits)).toEqual([
      { clientId: 1, clock: 2, state: null },
    ]);
  });

  it('I10-4, C-AW-9: a cursor that is not two relative positions, or a section that is not an id, closes with 1008', () => {
    const hostile = [
      { cursor: { anchor: null, head: null } },
      { cursor: { anchor: 1, head: 2 } },
      { cursor: { anchor: { tname: 'section:a' } } },
      { cursor: { anchor: { item: { client: -1, clock: 0 } }, head: { item: { client: 1, clock: 0 } } } },
      { cursor: { anchor: { tname: 'section:a', x: 1 }, head: { tname: 'section:a' } } },
      { section: { evil: true } },
    ];
    for (const state of hostile) {
      const json = JSON.stringify(state);
      expect(
        code(() => decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json }]), limits)),
        json,
      ).toBe(CloseCode.policyViolation);
    }
    const cursor = { anchor: { type: { client: 5, clock: 3 }, tname: null, item: { client: 5, clock: 9 }, assoc: -1 } };
    const valid = { cursor: { ...cursor, head: cursor.anchor }, section: 'a' };
    const json = JSON.stringify(valid);
    expect(decodeAwarenessUpdate(rawUpdate([{ clientId: 1, clock: 1, json }]), limits)[0]!.state).toEqual(valid);
  });

  it('measures nesting depth without recursion', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }] })).toBe(3);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep)).toBe(100_000);
  });

  it('round-trips through encodeAwarenessEntries', () => {
    const entries: AwarenessEntry[] = [
      { clientId: 5, clock: 3, state: { a: 1 } },
      { clientId: 5, clock: 4, state: null },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessEntries(entries), limits)).toEqual(entries);
  });
});

describe('filterAwarenessEntries', () => {
  const free = () => true;

  it('C-AW-1: a connection claims the first client id it uses, if free', () => {
    const result = filterAwarenessEntries([{ clientId: 10, clock: 1, state: { x: 1 } }], {
      ownClientId: null,
      identity,
      mayClaim: free,
    });
    expect(result.ownClientId).toBe(10);
    expect(result.kept).toHaveLength(1);

    const taken = filterAwarenessEntries([{ clientId: 10, clock: 1, state: { x: 1 } }], {
      ownClientId: null,
      identity,
      mayClaim: () => false,
    });
    expect(taken).toEqual({ kept: [], ownClientId: null, dropped: 1 });
  });

  it('C-AW-2: entries for other client ids, including null states, are dropped', () => {
    const result = filterAwarenessEntries(
      [
        { clientId: 10, clock: 2, state: { x: 1 } },
        { clientId: 11, clock: 9, state: { user: { name: 'victim' } } },
        { clientId: 12, clock: 9, state: null },
      ],
      { ownClientId: 10, identity, mayClaim: free },
    );
    expect(result.kept.map((e) => e.clientId)).toEqual([10]);
    expect(result.dropped).toBe(2);
    // A null state cannot claim an id.
    expect(
      filterAwarenessEntries([{ clientId: 12, clock: 9, state: null }], { ownClientId: null, identity, mayClaim: free })
        .ownClientId,
    ).toBeNull();
  });

  it('C-AW-3: the user field is overwritten with the session identity', () => {
    const result = filterAwarenessEntries(
      [
        {
          clientId: 10,
          clock: 1,
          state: { user: { name: 'CEO of NHS England', color: '#ffffff', id: 'x' }, cursor: null },
        },
      ],
      { ownClientId: 10, identity, mayClaim: free },
    );
    expect(result.kept[0]!.state).toEqual({ user: identity, cursor: null });
    // Own leave (null) passes through.
    expect(
      filterAwarenessEntries([{ clientId: 10, clock: 2, state: null }], { ownClientId: 10, identity, mayClaim: free })
        .kept,
    ).toEqual([{ clientId: 10, clock: 2, state: null }]);
  });
});

describe('ProtocolError', () => {
  it('carries the close code and reason', () => {
    const err = new ProtocolError(CloseCode.policyViolation, 'why', 'detail');
    expect(err.message).toBe('why: detail');
  });
});
