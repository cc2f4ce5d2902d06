import { z } from 'zod';

/**
 * Single sign-on with one OpenID Connect provider, set by the deployment (README "Single sign-on").
 * Beside config.ts (which spreads it into Config) so sso/ can import it without an import circle.
 */
export type SsoConfig = {
  /** The issuer URL; its `/.well-known/openid-configuration` is read at the first sign-in. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** The ID token claim naming the person's organisation; null: the email's domain names it. */
  organisationClaim: string | null;
  /**
   * OIDC_TRUSTED_EMAILS=true: the provider vouches for every email it sends (e.g. a single-tenant
   * Entra ID whose addresses the tenant assigns), so a missing `email_verified` claim counts as true.
   * An explicit `email_verified: false` is refused either way.
   */
  trustProviderEmails: boolean;
  /** Lower-case domains whose accounts must use single sign-on: password sign-in is refused for them. */
  requiredDomains: string[];
  /** Test only: allows an http:// issuer (a provider on a loopback port). */
  allowHttpIssuer: boolean;
};

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'each domain like nhs.net');

const ssoEnv = z.object({
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  OIDC_DISPLAY_NAME: z.string().trim().min(1).max(60).default('your organisation'),
  OIDC_ORGANISATION_CLAIM: z.string().trim().min(1).max(100).optional(),
  OIDC_TRUSTED_EMAILS: z.enum(['true', 'false']).default('false'),
  OIDC_REQUIRED_DOMAINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').filter((part) => part.trim() !== ''))
    .pipe(z.array(domain).max(100)),
  NODE_ENV: z.string().optional(),
  PUBLIC_URL: z.string().optional(),
});

/** Called by config.ts: `{ sso: null }` unless issuer, client id and secret are all set. */
export function loadSsoConfig(env: Record<string, string | undefined>): { sso: SsoConfig | null } {
  const parsed = ssoEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const given = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (given === 0) {
    if (e.OIDC_REQUIRED_DOMAINS.length > 0) {
      throw new Error('Invalid configuration: OIDC_REQUIRED_DOMAINS needs single sign-on (OIDC_ISSUER and client)');
    }
    return { sso: null };
  }
  if (given < 3 || !e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) {
    throw new Error('Invalid configuration: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together');
  }
  const allowHttpIssuer = e.NODE_ENV === 'test';
  if (!allowHttpIssuer && !e.OIDC_ISSUER.startsWith('https://')) {
    throw new Error('Invalid configuration: OIDC_ISSUER must be an https:// URL');
  }
  if (e.NODE_ENV === 'production' && !e.PUBLIC_URL) {
    // The callback URL registered at the provider must not come from a request's Host header.
    throw new Error('Invalid configuration: PUBLIC_URL is required with OIDC_ISSUER in production');
  }
  return {
    sso: {
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      displayName: e.OIDC_DISPLAY_NAME,
      organisationClaim: e.OIDC_ORGANISATION_CLAIM ?? null,
      trustProviderEmails: e.OIDC_TRUSTED_EMAILS === 'true',
      requiredDomains: [...new Set(e.OIDC_REQUIRED_DOMAINS)],
      allowHttpIssuer,
    },
  };
}
