import { describe, expect, it } from 'vitest';
import { isWellFormedHandshake, parseCollabTarget } from './upgradeRequest.ts';

describe('parseCollabTarget', () => {
  it('C-AUTH-1: accepts exactly /collab/<entryId> with an optional query', () => {
    const none = { wantsAcks: false, wantsEvents: false, wantsRefusals: false };
    expect(parseCollabTarget('/collab/abc123')).toEqual({ entryId: 'abc123', ...none });
    expect(parseCollabTarget('/collab/abc123?acks=1')).toEqual({ entryId: 'abc123', ...none, wantsAcks: true });
    expect(parseCollabTarget('/collab/abc123?acks=0&x=1')).toEqual({ entryId: 'abc123', ...none });
    expect(parseCollabTarget('/collab/abc123?acks=1&events=1')).toEqual({
      entryId: 'abc123',
      wantsAcks: true,
      wantsEvents: true,
      wantsRefusals: false,
    });
    expect(parseCollabTarget('/collab/abc123?refusals=1')).toEqual({ entryId: 'abc123', ...none, wantsRefusals: true });
  });

  it('C-AUTH-1: refuses other paths, ids and encodings', () => {
    for (const url of [
      undefined,
      '/',
      '/collab',
      '/collab/',
      '/collab/ABC',
      '/collab/abc/def',
      '/collab/abc%2Fdef',
      '/collab/..%2Fapi',
      '//collab/abc',
      '/api/collab/abc',
      `/collab/${'a'.repeat(65)}`,
    ]) {
      expect(parseCollabTarget(url)).toBeNull();
    }
  });
});

describe('isWellFormedHandshake', () => {
  const good = {
    method: 'GET',
    headers: { upgrade: 'websocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' },
  };

  it('C-AUTH-2: accepts an RFC 6455 handshake', () => {
    expect(isWellFormedHandshake(good)).toBe(true);
    expect(isWellFormedHandshake({ ...good, headers: { ...good.headers, upgrade: 'WebSocket' } })).toBe(true);
  });

  it('C-AUTH-2: refuses a missing or malformed key, version, method or upgrade', () => {
    const variants: Record<string, string | undefined>[] = [
      { 'sec-websocket-key': undefined },
      { 'sec-websocket-key': 'short' },
      { 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ' },
      { 'sec-websocket-key': '!!!!!!!!!!!!!!!!!!!!!!==' },
      { 'sec-websocket-version': '8' },
      { 'sec-websocket-version': undefined },
      { upgrade: 'h2c' },
      { upgrade: undefined },
    ];
    for (const variant of variants) {
      expect(isWellFormedHandshake({ method: 'GET', headers: { ...good.headers, ...variant } })).toBe(false);
    }
    expect(isWellFormedHandshake({ ...good, method: 'POST' })).toBe(false);
  });
});
