import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importSealingKey, openRecord, sealRecord } from './sealedRecords.ts';

/** Issue 18 item 3: what an offline copy stores holds nothing of the document in clear text. */

const COPY = 'jointly:entry:abc';
const keyOf = () => importSealingKey(crypto.getRandomValues(new Uint8Array(32)));

function updateNaming(name: string): Uint8Array {
  const doc = new Y.Doc();
  const testimonial = new Y.Map<unknown>();
  doc.getMap('testimonials').set('t1', testimonial);
  testimonial.set('personName', name);
  return Y.encodeStateAsUpdate(doc);
}

const contains = (haystack: Uint8Array, needle: Uint8Array) =>
  Buffer.from(haystack).indexOf(Buffer.from(needle)) !== -1;

describe('sealed offline copy records', () => {
  it('open back to the update they sealed, and hold none of its text', async () => {
    const key = await keyOf();
    const name = 'Philippa Quarrington-Smythe';
    const update = updateNaming(name);
    expect(contains(update, new TextEncoder().encode(name))).toBe(true);

    const record = await sealRecord(key, COPY, update);
    expect(contains(record, new TextEncoder().encode(name))).toBe(false);
    expect(contains(record, new TextEncoder().encode('personName'))).toBe(false);
    expect(await openRecord(key, COPY, record)).toEqual(update);
  });

  it('seal the same update differently each time (a fresh IV)', async () => {
    const key = await keyOf();
    const update = updateNaming('Ann Jones');
    const [a, b] = [await sealRecord(key, COPY, update), await sealRecord(key, COPY, update)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('do not open with another session’s key, in another entry’s copy, or once tampered with', async () => {
    const key = await keyOf();
    const record = await sealRecord(key, COPY, updateNaming('Ann Jones'));
    expect(await openRecord(await keyOf(), COPY, record)).toBeNull();
    expect(await openRecord(key, 'jointly:entry:other', record)).toBeNull();
    const tampered = record.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(await openRecord(key, COPY, tampered)).toBeNull();
    expect(await openRecord(key, COPY, 'not bytes')).toBeNull();
  });
});
