import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64, commentAnchor, newThreadBody } from './commentAnchors.ts';

describe('comment anchors (issue 14 item 2)', () => {
  it('base64 is RFC 4648 with padding, and round-trips bytes of every length', () => {
    expect(bytesToBase64(new Uint8Array([77, 97, 110]))).toBe('TWFu');
    expect(bytesToBase64(new Uint8Array([77, 97]))).toBe('TWE=');
    expect(bytesToBase64(new Uint8Array([77]))).toBe('TQ==');
    expect(bytesToBase64(new Uint8Array([251, 255, 191]))).toBe('+/+/');
    for (let length = 1; length < 40; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) % 256);
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    }
  });

  it('refuses text that is not padded base64', () => {
    for (const text of ['abc', 'ab=c', 'a b=', '****', 'QQ=', 'QQ===']) expect(base64ToBytes(text)).toBeNull();
  });

  it('carries a real relative position', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment('section:a').insert(0, [new Y.XmlText('Hello')]);
    const inner = doc.getXmlFragment('section:a').get(0) as Y.XmlText;
    const position = Y.createRelativePositionFromTypeIndex(inner, 2);
    const encoded = bytesToBase64(Y.encodeRelativePosition(position));
    const decoded = Y.decodeRelativePosition(base64ToBytes(encoded)!);
    expect(Y.createAbsolutePositionFromRelativePosition(decoded, doc)).toMatchObject({ type: inner, index: 2 });
  });

  it('a new thread may carry an anchor; unknown keys and unsafe quotes are refused', () => {
    const anchor = { start: 'AQIDBA==', end: 'AQIDBQ==', quote: 'the 2023 figures' };
    expect(newThreadBody.safeParse({ body: 'Source?', anchor }).success).toBe(true);
    expect(newThreadBody.safeParse({ body: 'Source?' }).success).toBe(true);
    expect(commentAnchor.safeParse({ ...anchor, extra: 1 }).success).toBe(false);
    expect(commentAnchor.safeParse({ ...anchor, quote: 'flip \u202e' }).success).toBe(false);
    expect(commentAnchor.safeParse({ ...anchor, start: 'x'.repeat(204) }).success).toBe(false);
    expect(commentAnchor.safeParse({ ...anchor, quote: 'q'.repeat(501) }).success).toBe(false);
  });
});
