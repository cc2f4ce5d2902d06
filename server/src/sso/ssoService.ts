import type { SsoErrorReason } from '@jointly/shared';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { AccountService } from '../auth/accountService.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { SsoConfig } from '../ssoConfig.ts';
import { createSsoAccounts, type SsoClaims, SsoRefusal } from './ssoAccounts.ts';
import { createSsoLogins } from './ssoLogins.ts';

export type SsoService = ReturnType<typeof createSsoService>;

/** The provider's metadata and keys are read again after this, so a rotated signing key is picked up. */
const DISCOVERY_MAX_AGE_MS = 60 * 60 * 1000;
/** A provider slower than this counts as unreachable: a sign-in never waits on it for long. */
const PROVIDER_TIMEOUT_SECONDS = 10;

export type SsoOutcome = { ok: true; userId: string; nextPath: string } | { ok: false; reason: SsoErrorReason };

/**
 * Single sign-on with one OpenID Connect provider (issue 15): authorisation-code flow with PKCE
 * (S256), state and nonce, the ID token checked by openid-client (signature from the provider's
 * JWKS, issuer, audience, expiry, nonce). Nothing here parses or verifies a token by hand.
 */
export function createSsoService(deps: {
  db: Kysely<Database>;
  accounts: AccountService;
  sso: SsoConfig;
  logger: Logger;
  now?: () => number;
  membership?: { signedInBySso(userId: string, claimedOrganisation: string | null): Promise<void> };
}) {
  const { sso, logger } = deps;
  const now = deps.now ?? Date.now;
  const logins = createSsoLogins(deps.db, now);
  const ssoAccounts = createSsoAccounts({
    db: deps.db,
    accounts: deps.accounts,
    sso,
    now,
    membership: deps.membership,
  });
  let discovered: { at: number; config: Promise<oidc.Configuration> } | null = null;

  /** The provider's configuration, discovered once an hour; a failed discovery is tried again next time. */
  function provider(): Promise<oidc.Configuration> {
    if (discovered && now() - discovered.at < DISCOVERY_MAX_AGE_MS) return discovered.config;
    const config = oidc.discovery(new URL(sso.issuer), sso.clientId, sso.clientSecret, undefined, {
      timeout: PROVIDER_TIMEOUT_SECONDS,
      // The ID token's signature is checked against the provider's JWKS too, not only trusted for
      // arriving over TLS from the token endpoint: a sign-in rests on it, so it is verified.
      execute: sso.allowHttpIssuer
        ? [oidc.enableNonRepudiationChecks, oidc.allowInsecureRequests]
        : [oidc.enableNonRepudiationChecks],
    });
    const entry = { at: now(), config };
    discovered = entry;
    config.catch(() => {
      if (discovered === entry) discovered = null;
    });
    return config;
  }

  /** The provider's authorisation URL for a new sign-in, and the cookie token that keeps its secrets. */
  async function start(redirectUri: string, nextPath: string): Promise<{ url: string; token: string }> {
    const config = await provider();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const token = await logins.begin({ state, nonce, codeVerifier, nextPath });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, token };
  }

  /** The provider's answer: an account to sign in, or why not. The pending sign-in is used up either way. */
  async function finish(redirectUri: string, query: URLSearchParams, token: string | null): Promise<SsoOutcome> {
    const login = await logins.take(token);
    if (!login) return { ok: false, reason: 'sso_expired' };
    // Checked here as well as by openid-client, to tell a forged or crossed callback apart.
    if (query.get('state') !== login.state) return { ok: false, reason: 'sso_state' };
    let config: oidc.Configuration;
    try {
      config = await provider();
    } catch (err) {
      logger.warn('single sign-on: provider discovery failed', { error: String(err) });
      return { ok: false, reason: 'sso_unavailable' };
    }
    let claims: SsoClaims | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        config,
        new URL(`${redirectUri}?${query.toString()}`),
        {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: redirectUri },
      );
      claims = tokens.claims() as SsoClaims | undefined;
    } catch (err) {
      const fromProvider = err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError;
      logger.info('single sign-on refused', { error: String(err), code: (err as { code?: unknown }).code });
      return { ok: false, reason: fromProvider ? 'sso_provider' : 'sso_token' };
    }
    if (!claims) return { ok: false, reason: 'sso_token' };
    try {
      return { ok: true, userId: await ssoAccounts.accountFor(claims), nextPath: login.nextPath };
    } catch (err) {
      if (err instanceof SsoRefusal) return { ok: false, reason: err.reason };
      throw err;
    }
  }

  return { start, finish };
}
