import { describe, expect, it } from 'vitest';
import { commentBody, createEntryBody, createInvitationBody, signupBody } from './apiSchemas.ts';
import { isSafeMultiLine, isSafeSingleLine } from './safeText.ts';

/** Issue #10 findings 10 and 16: control and bidi-override characters refused in free text. */
describe('safe text', () => {
  const refusedEverywhere = [
    '\u0000',
    '\u0001',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u009f',
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\ud800', // a lone high surrogate
    '\udc00', // a lone low surrogate
    '\r', // a lone CR is no line end
  ];

  it.each(refusedEverywhere.map((c) => [c.codePointAt(0)!.toString(16)]))('refuses U+%s anywhere', (hex) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    for (const text of [c, `a${c}`, `${c}a`, `ab${c}cd`]) {
      expect(isSafeSingleLine(text)).toBe(false);
      expect(isSafeMultiLine(text)).toBe(false);
    }
  });

  it('single-line text refuses tab, LF, CR LF and the Unicode line and paragraph separators', () => {
    for (const c of ['\t', '\n', '\r\n', '\u2028', '\u2029', '\u000b', '\u000c']) {
      expect(isSafeSingleLine(`a${c}b`)).toBe(false);
    }
  });

  it('multi-line text keeps tab, LF and CR LF, and refuses vertical tab and form feed', () => {
    expect(isSafeMultiLine('one\ttwo\nthree\r\nfour')).toBe(true);
    expect(isSafeMultiLine('a\u000bb')).toBe(false);
    expect(isSafeMultiLine('a\u000cb')).toBe(false);
  });

  it('keeps ordinary text of any script, emoji, directional marks and non-breaking spaces', () => {
    for (const text of ['Zoë O’Brien', 'مستشفى', 'שלום\u200f', '日本語', '👩🏽‍⚕️ team', 'NHS\u00a0Trust', 'a–b']) {
      expect(isSafeSingleLine(text)).toBe(true);
      expect(isSafeMultiLine(text)).toBe(true);
    }
  });

  it('every free-text field of the API schemas applies the rule to the text as sent', () => {
    const signup = {
      email: 'a@example.org',
      password: 'correct horse battery staple',
      name: 'Ann',
      organisationName: 'Trust',
      organisationKind: 'nhs_trust',
    };
    expect(signupBody.safeParse(signup).success).toBe(true);
    for (const field of ['email', 'name', 'organisationName'] as const) {
      for (const bad of ['\u0000', '\n', '\u202e']) {
        const value = field === 'email' ? `a${bad}@example.org` : `Ann${bad}x`;
        expect(signupBody.safeParse({ ...signup, [field]: value }).success).toBe(false);
      }
      // Trailing line breaks are refused too, not trimmed away silently.
      expect(signupBody.safeParse({ ...signup, [field]: `${signup[field]}\r\n` }).success).toBe(false);
    }
    expect(createEntryBody.safeParse({ title: 'A\u0000', categoryId: 'x' }).success).toBe(false);
    expect(createEntryBody.safeParse({ title: 'A', categoryId: 'x\u0000' }).success).toBe(false);
    expect(createInvitationBody.safeParse({ email: 'b@example.org\n', role: 'viewer' }).success).toBe(false);
    expect(commentBody.safeParse({ body: 'line one\n\tline two' }).success).toBe(true);
    expect(commentBody.safeParse({ body: 'nul \u0000' }).success).toBe(false);
    expect(commentBody.safeParse({ body: 'flip \u202e' }).success).toBe(false);
  });
});
