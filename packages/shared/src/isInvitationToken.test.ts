import { describe, expect, it } from 'vitest';
import { isInvitationToken } from './isInvitationToken.ts';

describe('isInvitationToken', () => {
  it('I11-13: accepts the 32 lower-case base32 characters the server issues, nothing else', () => {
    expect(isInvitationToken('abcdefghijklmnopqrstuvwxyz234567')).toBe(true);
    for (const malformed of [
      '',
      'abcdefghijklmnopqrstuvwxyz234567.',
      'abcdefghijklmnopqrstuvwxyz23456',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
      'abcdefghijklmnopqrstuvwxyz234568',
      'abcdefghijklmnopqrstuvwxyz234567\n',
    ]) {
      expect(isInvitationToken(malformed), JSON.stringify(malformed)).toBe(false);
    }
  });
});
