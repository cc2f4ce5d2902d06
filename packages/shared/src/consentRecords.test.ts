import { describe, expect, it } from 'vitest';
import { addMonthsToIsoDate, consentRecordStatus, createConsentRecordBody } from './consentRecords.ts';
import { TESTIMONIALS_MAP } from './documentLayout.ts';
import { ITEM_FIELD_RULES } from './documentSchema.ts';

const valid = {
  personName: ' Zoë Patient ',
  givenBy: 'person',
  uses: ['judging'],
  method: 'signed_form',
  givenOn: '2026-03-01',
};

describe('consent records (issue 18 item 1)', () => {
  it('adds whole months, clamping to the last day of the month', () => {
    expect(addMonthsToIsoDate('2026-03-01', 60)).toBe('2031-03-01');
    expect(addMonthsToIsoDate('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonthsToIsoDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToIsoDate('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('is valid before its expiry date, expired from it, withdrawn whatever the date', () => {
    expect(consentRecordStatus({ expiresOn: '2031-03-01', withdrawnAt: null }, '2031-02-28')).toBe('valid');
    expect(consentRecordStatus({ expiresOn: '2031-03-01', withdrawnAt: null }, '2031-03-01')).toBe('expired');
    expect(consentRecordStatus({ expiresOn: '2031-03-01', withdrawnAt: 1 }, '2026-01-01')).toBe('withdrawn');
  });

  it('takes a person or a named representative, uses once each, a real date and an expiry after it', () => {
    expect(createConsentRecordBody.parse(valid)).toMatchObject({ personName: 'Zoë Patient', evidenceFileIds: [] });
    const refused = [
      { ...valid, uses: [] },
      { ...valid, uses: ['judging', 'judging'] },
      { ...valid, uses: ['everything'] },
      { ...valid, givenBy: 'representative' },
      { ...valid, givenBy: 'representative', representativeName: 'Jo' },
      { ...valid, representativeRelationship: 'Mother' },
      { ...valid, givenOn: '2026-02-30' },
      { ...valid, expiresOn: '2026-03-01' },
      { ...valid, evidenceFileIds: ['NOT-A-FILE'] },
      { ...valid, personName: '   ' },
      { ...valid, personName: 'Zoë\nPatient' },
      { ...valid, method: 'carrier_pigeon' },
      { ...valid, unknown: 1 },
    ];
    for (const body of refused)
      expect(createConsentRecordBody.safeParse(body).success, JSON.stringify(body)).toBe(false);
    expect(
      createConsentRecordBody.safeParse({
        ...valid,
        givenBy: 'representative',
        representativeName: 'Łukasz',
        representativeRelationship: 'Son',
        expiresOn: '2027-03-01',
      }).success,
    ).toBe(true);
  });

  it('the document key consentRecordId holds null or a server-issued id only', () => {
    const rule = ITEM_FIELD_RULES[TESTIMONIALS_MAP].consentRecordId!;
    expect(rule(null)).toBe(true);
    expect(rule('abcdefghijklmnop')).toBe(true);
    for (const bad of ['ABCDEFGHIJKLMNOP', 'abc', 42, {}, ['abcdefghijklmnop'], 'abcdefghijklmnop1']) {
      expect(rule(bad)).toBe(false);
    }
  });
});
