import { describe, expect, it } from 'vitest';
import { isSafeLinkUrl, normaliseLinkInput } from './linkSafety.ts';

describe('isSafeLinkUrl', () => {
  it.each([
    'https://www.england.nhs.uk/',
    'http://example.org/report.pdf?x=1#page=2',
    'HTTPS://WWW.NHS.UK',
    'mailto:partnerships@example.nhs.uk',
    '  https://www.nhs.uk  ',
  ])('allows %s', (url) => {
    expect(isSafeLinkUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'JAVASCRIPT:alert(document.cookie)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\rscript:alert(1)',
    '\u0000javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript\u0000:alert(1)',
    '\u00a0javascript:alert(1)',
    '\u2028javascript:alert(1)',
    '\ufeffjavascript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:text/html,<script>alert(1)</script>',
    ' data:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    'VBScript:MsgBox(1)',
    'vb\tscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/',
    'tel:+441234567890',
    'blob:https://example.org/uuid',
    '//evil.example/path',
    '/relative/path',
    '#fragment',
    'www.nhs.uk',
    'https://',
    'mailto:',
    '',
    '   ',
  ])('refuses %j', (url) => {
    expect(isSafeLinkUrl(url)).toBe(false);
  });

  it('refuses anything that is not a string', () => {
    expect(isSafeLinkUrl(null)).toBe(false);
    expect(isSafeLinkUrl(undefined)).toBe(false);
    expect(isSafeLinkUrl(42)).toBe(false);
    expect(isSafeLinkUrl({ toString: () => 'https://x.org' })).toBe(false);
  });
});

describe('normaliseLinkInput', () => {
  it('adds https:// to a bare domain and mailto: to an email address', () => {
    expect(normaliseLinkInput('www.nhs.uk/about')).toBe('https://www.nhs.uk/about');
    expect(normaliseLinkInput(' example.org ')).toBe('https://example.org');
    expect(normaliseLinkInput('name@example.nhs.uk')).toBe('mailto:name@example.nhs.uk');
    expect(normaliseLinkInput('https://www.nhs.uk')).toBe('https://www.nhs.uk');
  });

  it('never turns a dangerous scheme into an allowed one', () => {
    for (const input of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'JavaScript:alert(1)']) {
      expect(isSafeLinkUrl(normaliseLinkInput(input))).toBe(false);
    }
  });
});
