import { secondFactorBody } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode } from './recoveryCodes.ts';

describe('recovery codes', () => {
  it('are 10 distinct abcde-fghij codes that the shared schema accepts', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(secondFactorBody.parse({ recoveryCode: ` ${code.toUpperCase()} ` })).toStrictEqual({ recoveryCode: code });
    }
  });

  it('hash the same with or without the hyphen and case, and differ between codes', () => {
    expect(hashRecoveryCode('abcde-fghij')).toBe(hashRecoveryCode('ABCDEFGHIJ'));
    expect(hashRecoveryCode('abcde-fghij')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('abcde-fghij')).not.toBe(hashRecoveryCode('abcde-fghik'));
  });
});
