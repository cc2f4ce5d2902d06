import { describe, expect, it } from 'vitest';
import { loadSsoConfig } from './ssoConfig.ts';

const provider = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
  OIDC_CLIENT_ID: 'client-id',
  OIDC_CLIENT_SECRET: 'client-secret',
};

describe('single sign-on configuration', () => {
  it('is off when no provider is set, and nothing else changes', () => {
    expect(loadSsoConfig({})).toEqual({ sso: null });
  });

  it('reads the provider, display name, organisation claim and required domains', () => {
    const { sso } = loadSsoConfig({
      ...provider,
      OIDC_DISPLAY_NAME: 'NHSmail / Microsoft',
      OIDC_ORGANISATION_CLAIM: 'org_name',
      OIDC_REQUIRED_DOMAINS: ' Trust.NHS.uk, partner.example.org ,',
      PUBLIC_URL: 'https://jointly.example.nhs.uk',
      NODE_ENV: 'production',
    });
    expect(sso).toEqual({
      issuer: provider.OIDC_ISSUER,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      displayName: 'NHSmail / Microsoft',
      organisationClaim: 'org_name',
      trustProviderEmails: false,
      requiredDomains: ['trust.nhs.uk', 'partner.example.org'],
      allowHttpIssuer: false,
    });
  });

  it.each([
    [{ OIDC_ISSUER: provider.OIDC_ISSUER }, /go together/],
    [{ ...provider, OIDC_ISSUER: 'http://idp.example' }, /https/],
    [{ ...provider, NODE_ENV: 'production' }, /PUBLIC_URL is required/],
    [{ OIDC_REQUIRED_DOMAINS: 'nhs.net' }, /needs single sign-on/],
    [{ ...provider, OIDC_REQUIRED_DOMAINS: 'not a domain' }, /OIDC_REQUIRED_DOMAINS/],
    [{ ...provider, OIDC_TRUSTED_EMAILS: 'yes' }, /OIDC_TRUSTED_EMAILS/],
  ])('refuses %j', (env, message) => {
    expect(() => loadSsoConfig(env)).toThrow(message);
  });
});
