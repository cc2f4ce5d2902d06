import { describe, expect, it } from 'vitest';
import { readPendingLoginToken, serializePendingLoginCookie } from './pendingLoginCookie.ts';

describe('pending-login cookie', () => {
  it('is HttpOnly and SameSite=Strict for five minutes; __Host- and Secure over https; cleared with Max-Age=0', () => {
    expect(serializePendingLoginCookie({ secureCookies: false }, 'a.b')).toBe(
      'jointly_login_pending=a.b; Path=/; Max-Age=300; HttpOnly; SameSite=Strict',
    );
    expect(serializePendingLoginCookie({ secureCookies: true }, 'a.b')).toBe(
      '__Host-jointly_login_pending=a.b; Path=/; Max-Age=300; HttpOnly; SameSite=Strict; Secure',
    );
    expect(serializePendingLoginCookie({ secureCookies: false }, null)).toMatch(/^jointly_login_pending=; .*Max-Age=0/);
  });

  it('is read from the Cookie header only by its own name', () => {
    const config = { secureCookies: false };
    expect(readPendingLoginToken('x=1; jointly_login_pending=abc.def; y=2', config)).toBe('abc.def');
    expect(readPendingLoginToken('jointly_session=abc.def', config)).toBeNull();
    expect(readPendingLoginToken('jointly_login_pending=', config)).toBeNull();
    expect(readPendingLoginToken(`jointly_login_pending=${'a'.repeat(201)}`, config)).toBeNull();
    expect(readPendingLoginToken(undefined, config)).toBeNull();
  });
});
