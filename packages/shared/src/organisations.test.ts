import { describe, expect, it } from 'vitest';
import { signupBody } from './apiSchemas.ts';
import {
  addOrganisationDomainBody,
  emailDomain,
  sharedMailDomainReason,
  updateOrganisationBody,
} from './organisations.ts';

describe('organisation identifiers (issue 15: format only)', () => {
  const parse = (body: unknown) => updateOrganisationBody.safeParse(body);
  it.each([
    [{ odsCode: 'RR8' }, { odsCode: 'RR8' }],
    [{ odsCode: ' rr813 ' }, { odsCode: 'RR813' }],
    [{ odsCode: 'b82005' }, { odsCode: 'B82005' }],
    [{ companiesHouseNumber: '01234567' }, { companiesHouseNumber: '01234567' }],
    [{ companiesHouseNumber: 'sc 123456' }, { companiesHouseNumber: 'SC123456' }],
    [{ companiesHouseNumber: 'R0123456' }, { companiesHouseNumber: 'R0123456' }],
    [{ charityNumber: '220949' }, { charityNumber: '220949' }],
    [{ charityNumber: '1123456-1' }, { charityNumber: '1123456-1' }],
    [{ charityNumber: 'sc012345' }, { charityNumber: 'SC012345' }],
    [{ charityNumber: 'NIC100002' }, { charityNumber: 'NIC100002' }],
    [{ odsCode: null }, { odsCode: null }],
  ])('takes %j', (body, parsed) => {
    expect(parse(body)).toEqual({ success: true, data: parsed });
  });
  it.each([
    { odsCode: 'R8' },
    { odsCode: 'RR8-01' },
    { odsCode: 'ABCDEFG' },
    { companiesHouseNumber: '1234567' },
    { companiesHouseNumber: 'S1234567' },
    { companiesHouseNumber: 'SC12345' },
    { charityNumber: '12345' },
    { charityNumber: '12345678' },
    { charityNumber: 'NI100002' },
    {},
    { kind: 'supplier' },
  ])('refuses %j', (body) => {
    expect(parse(body).success).toBe(false);
  });
});

describe('organisation domains', () => {
  it('reads a domain as people type it', () => {
    expect(addOrganisationDomainBody.parse({ domain: ' @LeedsTH.NHS.uk. ' })).toEqual({ domain: 'leedsth.nhs.uk' });
    for (const bad of [
      'localhost',
      'a b.org',
      'x@y.org',
      '.org',
      'a..org',
      '-a.org',
      'a-.org',
      '1.2.3.4'.replace(/\d$/, ''),
    ]) {
      expect(addOrganisationDomainBody.safeParse({ domain: bad }).success).toBe(false);
    }
  });
  it('knows NHSmail and public mail services cannot verify an organisation', () => {
    expect(sharedMailDomainReason('nhs.net')).toBe('nhs_shared');
    expect(sharedMailDomainReason('NHS.NET')).toBe('nhs_shared');
    for (const d of ['gmail.com', 'yahoo.co.uk', 'yahoo.com', 'hotmail.co.uk', 'outlook.com', 'icloud.com']) {
      expect(sharedMailDomainReason(d)).toBe('public_mail');
    }
    for (const d of ['leedsth.nhs.uk', 'acme.co.uk', 'nhs.net.example.org', 'outlookhealth.org']) {
      expect(sharedMailDomainReason(d)).toBeNull();
    }
    expect(emailDomain('Ada@Example.NHS.uk')).toBe('example.nhs.uk');
  });
});

describe('sign-up names an organisation one way (issue 15)', () => {
  const base = { email: 'a@example.org', password: 'correct horse battery', name: 'Ada' };
  it('takes a name and kind (PRODUCT §6), or an id from the picker', () => {
    expect(signupBody.safeParse({ ...base, organisationName: 'Acme', organisationKind: 'supplier' }).success).toBe(
      true,
    );
    expect(signupBody.safeParse({ ...base, organisationId: 'abc123' }).success).toBe(true);
  });
  it('refuses both, neither, or half', () => {
    const paths = (body: unknown) => {
      const result = signupBody.safeParse(body);
      return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ ...base, organisationId: 'abc123', organisationName: 'Acme' })).toEqual(['organisationId']);
    expect(paths(base)).toEqual(['organisationName', 'organisationKind']);
    expect(paths({ ...base, organisationName: 'Acme' })).toEqual(['organisationKind']);
    expect(paths({ ...base, organisationId: 'Not An Id!' })).toEqual(['organisationId']);
  });
});
