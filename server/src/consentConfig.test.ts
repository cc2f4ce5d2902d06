import { describe, expect, it } from 'vitest';
import { loadConsentConfig } from './consentConfig.ts';

describe('consent and retention configuration (issue 18 items 1 and 4)', () => {
  it('keeps personal data until a lead erases it unless retention is set', () => {
    expect(loadConsentConfig({})).toEqual({
      consentValidityMonths: 60,
      retentionMonthsAfterAward: null,
      retentionWarningDays: 30,
    });
    expect(loadConsentConfig({ RETENTION_MONTHS_AFTER_AWARD: '0' }).retentionMonthsAfterAward).toBeNull();
    expect(loadConsentConfig({ RETENTION_MONTHS_AFTER_AWARD: '24', RETENTION_WARNING_DAYS: '7' })).toMatchObject({
      retentionMonthsAfterAward: 24,
      retentionWarningDays: 7,
    });
  });

  it('refuses a value that is not a whole number in range, naming it', () => {
    expect(() => loadConsentConfig({ RETENTION_MONTHS_AFTER_AWARD: '-1' })).toThrow(/RETENTION_MONTHS_AFTER_AWARD/);
    expect(() => loadConsentConfig({ RETENTION_MONTHS_AFTER_AWARD: 'two years' })).toThrow(
      /RETENTION_MONTHS_AFTER_AWARD/,
    );
    expect(() => loadConsentConfig({ RETENTION_WARNING_DAYS: '1000' })).toThrow(/RETENTION_WARNING_DAYS/);
  });
});
