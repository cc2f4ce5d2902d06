import { describe, expect, it } from 'vitest';
import { authPath, safeNextPath } from './safeNextPath.ts';

describe('safeNextPath', () => {
  it('follows paths on this site', () => {
    expect(safeNextPath('/entries/abc')).toBe('/entries/abc');
    expect(safeNextPath('/invitations/tok?x=1#y')).toBe('/invitations/tok?x=1#y');
  });

  it.each([
    null,
    '',
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'entries/abc',
    '/\tevil',
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});

describe('authPath', () => {
  it('carries where to come back to and the email to prefill', () => {
    expect(authPath('/signin', '/invitations/t1', 'a@b.nhs.uk')).toBe(
      '/signin?next=%2Finvitations%2Ft1&email=a%40b.nhs.uk',
    );
    expect(authPath('/signup', '/')).toBe('/signup');
  });
});
