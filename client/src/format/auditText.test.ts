import { AUDIT_ACTIONS } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_TEXT, auditActionText, auditDetailParts } from './auditText.ts';

describe('audit log words', () => {
  it('name every action the server records, each differently', () => {
    const texts = AUDIT_ACTIONS.map((action) => AUDIT_ACTION_TEXT[action]);
    expect(texts.every((text) => typeof text === 'string' && text.length > 0)).toBe(true);
    expect(new Set(texts).size).toBe(AUDIT_ACTIONS.length);
    expect(auditActionText('account.signed_in')).toBe('Signed in');
    expect(auditActionText('organisation.something_new')).toBe('organisation.something_new');
  });

  it('say the detail in words, with the address last', () => {
    expect(auditDetailParts({ detail: { method: 'sso' }, ip: '192.0.2.1' })).toEqual([
      'How: by single sign-on',
      'IP address: 192.0.2.1',
    ]);
    expect(auditDetailParts({ detail: { required: true }, ip: null })).toEqual(['Required: yes']);
    expect(auditDetailParts({ detail: { from: 'Ada', to: 'Ada L', odsCode: 'RX1', extra: null }, ip: null })).toEqual([
      'From: Ada',
      'To: Ada L',
      'Ods code: RX1',
      'Extra: none',
    ]);
    expect(auditDetailParts({ detail: { stage: 'second_factor', n: 3 }, ip: null })).toEqual([
      'What was wrong: wrong two-factor code',
      'N: 3',
    ]);
  });
});
