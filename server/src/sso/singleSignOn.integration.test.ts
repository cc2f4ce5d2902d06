import type { ErrorBody, MeDto, SsoStatusDto, TwoFactorSetupDto } from '@jointly/shared';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, signUpUser } from '../test/factories.ts';
import { TEST_DATABASES_WITH_REDIS } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { type OidcTestProvider, signInAtProvider, startOidcTestProvider } from './testing/oidcTestProvider.ts';

/**
 * Single sign-on (issue 15) against a real OpenID Connect provider (oidc-provider on a loopback
 * port), the whole code flow driven over HTTP as a browser would: Jointly's start redirect, the
 * provider's login and consent forms, the callback with Jointly's cookie. On SQLite and on
 * PostgreSQL with Redis.
 */
const stores = TEST_DATABASES_WITH_REDIS;

const cookieNamed = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
const liveCookie = (response: Response, name: string) => {
  const cookie = cookieNamed(response, name);
  return cookie && cookie !== `${name}=` ? cookie : undefined;
};

describe.each(stores)('single sign-on on %s', (_name, makeStore) => {
  let server: TestServer;
  let provider: OidcTestProvider;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const store = await makeStore();
    drop = store.drop;
    provider = await startOidcTestProvider();
    server = await startTestServer({
      ...store.env,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_DISPLAY_NAME: 'NHSmail / Microsoft',
      OIDC_ORGANISATION_CLAIM: 'org_name',
      OIDC_REQUIRED_DOMAINS: 'sso-only.nhs.uk',
    });
    provider.serve(`${server.origin}/api/auth/sso/callback`);
  });
  afterEach(async () => {
    await server?.close();
    await provider?.close();
    await drop?.();
  });

  /** Start at Jointly, sign in at the provider as `subject`; the callback URL and Jointly's SSO cookie. */
  async function toCallback(subject: string, next = '/entries/e1?tab=people') {
    const start = await fetch(`${server.origin}/api/auth/sso/start?next=${encodeURIComponent(next)}`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    const ssoCookie = liveCookie(start, 'jointly_sso');
    expect(ssoCookie).toBeDefined();
    const callback = await signInAtProvider(authorization.href, subject, server.origin);
    return { callback, ssoCookie: ssoCookie! };
  }

  const callBack = (callback: string, ssoCookie: string) =>
    fetch(callback, { redirect: 'manual', headers: { cookie: ssoCookie } });

  async function signInWithSso(subject: string, next?: string) {
    const { callback, ssoCookie } = await toCallback(subject, next);
    const response = await callBack(callback, ssoCookie);
    expect(response.status).toBe(302);
    const session = liveCookie(response, 'jointly_session');
    expect(session, `no session; went to ${response.headers.get('location')}`).toBeDefined();
    const me = await api(server, { cookie: session! }, 'GET', '/api/me');
    expect(me.status).toBe(200);
    return { location: response.headers.get('location'), me: (await me.json()) as MeDto, cookie: session! };
  }

  async function expectRefused(response: Response, reason: string) {
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/signin?sso_error=${reason}`);
    expect(liveCookie(response, 'jointly_session')).toBeUndefined();
  }

  it('says it is on, with the provider’s name', async () => {
    const response = await fetch(`${server.origin}/api/auth/sso`);
    expect(await response.json()).toEqual({ enabled: true, displayName: 'NHSmail / Microsoft' } satisfies SsoStatusDto);
  });

  it('creates the account in its organisation from the claims at the first sign-in, and signs the same account in again', async () => {
    provider.identities.set('alice-sub', {
      email: 'Alice@Trust.NHS.uk',
      email_verified: true,
      name: 'Alice Example',
      org_name: 'Example NHS Trust',
    });
    const first = await signInWithSso('alice-sub');
    expect(first.location).toBe('/entries/e1?tab=people');
    expect(first.me.user).toMatchObject({ email: 'alice@trust.nhs.uk', name: 'Alice Example', emailVerified: true });
    expect(first.me.organisation.name).toBe('Example NHS Trust');

    // The identity, not the email, finds the account: a changed address at the provider is the same person.
    provider.identities.set('alice-sub', { email: 'alice.new@trust.nhs.uk', email_verified: true, name: 'Alice' });
    const second = await signInWithSso('alice-sub', '//evil.example/steal');
    expect(second.me.user.id).toBe(first.me.user.id);
    expect(second.location).toBe('/');

    // No password was ever set: none signs in.
    const login = await api(server, null, 'POST', '/api/auth/login', {
      email: 'alice@trust.nhs.uk',
      password: 'any password at all',
    });
    expect(login.status).toBe(401);
  });

  it('names the organisation by the email domain when the claim is absent', async () => {
    provider.identities.set('bob-sub', { email: 'bob@partner.example.org', email_verified: true });
    const { me } = await signInWithSso('bob-sub');
    expect(me.organisation.name).toBe('partner.example.org');
    expect(me.user.name).toBe('bob');
  });

  it('links an existing password account with the same verified email', async () => {
    const existing = await signUpUser(server);
    expect(existing.me.user.emailVerified).toBe(false);
    provider.identities.set('carol-sub', { email: existing.email.toUpperCase(), email_verified: true, name: 'Carol' });
    const { me } = await signInWithSso('carol-sub');
    expect(me.user.id).toBe(existing.me.user.id);
    expect(me.user.emailVerified).toBe(true);
    expect(me.organisation.id).toBe(existing.me.organisation.id);
  });

  it('joins an existing organisation confirmed when the claims name it, pending when only the domain does (issue 15)', async () => {
    const admin = await signUpUser(server, { organisationName: 'Claimed NHS Trust' });
    provider.identities.set('dana-sub', {
      email: 'dana@nhs.net',
      email_verified: true,
      name: 'Dana',
      org_name: 'claimed  nhs trust',
    });
    const vouched = await signInWithSso('dana-sub');
    expect(vouched.me.organisation.id).toBe(admin.me.organisation.id);
    expect(vouched.me.user).toMatchObject({ organisationStatus: 'confirmed', organisationRole: 'member' });

    const domainAdmin = await signUpUser(server, { organisationName: 'partner2.example.org' });
    provider.identities.set('eve-sub', { email: 'eve@partner2.example.org', email_verified: true });
    const byDomain = await signInWithSso('eve-sub');
    expect(byDomain.me.organisation.id).toBe(domainAdmin.me.organisation.id);
    expect(byDomain.me.user.organisationStatus).toBe('pending');

    // A pending password account is confirmed once the provider's claims name its organisation.
    const pending = await signUpUser(server, { organisationId: admin.me.organisation.id });
    expect(pending.me.user.organisationStatus).toBe('pending');
    provider.identities.set('fay-sub', { email: pending.email, email_verified: true, org_name: 'Claimed NHS Trust' });
    expect((await signInWithSso('fay-sub')).me.user.organisationStatus).toBe('confirmed');
  });

  it('signs in an account with two-factor sign-in on without a code: the provider authenticated the person', async () => {
    const existing = await signUpUser(server);
    const setup = await api(server, existing, 'POST', '/api/me/two-factor/setup');
    const { secret } = (await setup.json()) as TwoFactorSetupDto;
    const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    expect((await api(server, existing, 'POST', '/api/me/two-factor/confirm', { code })).status).toBe(200);
    const password = await api(server, null, 'POST', '/api/auth/login', {
      email: existing.email,
      password: existing.password,
    });
    expect(((await password.json()) as ErrorBody).error.code).toBe('second_factor_required');
    provider.identities.set('judy-sub', { email: existing.email, email_verified: true });
    const { me } = await signInWithSso('judy-sub');
    expect(me.user.id).toBe(existing.me.user.id);
  });

  it('refuses an unverified email: no session, no account, nothing linked', async () => {
    const existing = await signUpUser(server);
    provider.identities.set('mallory-sub', { email: existing.email, email_verified: false, name: 'Mallory' });
    const { callback, ssoCookie } = await toCallback('mallory-sub');
    await expectRefused(await callBack(callback, ssoCookie), 'sso_email_unverified');
    provider.identities.set('nobody-sub', { email: 'nobody@trust.nhs.uk', name: 'No Verification' });
    const second = await toCallback('nobody-sub');
    await expectRefused(await callBack(second.callback, second.ssoCookie), 'sso_email_unverified');
    const db = server.services.database.db;
    expect(await db.selectFrom('sso_identities').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('users').select('id').where('email', '=', 'nobody@trust.nhs.uk').execute()).toEqual([]);
  });

  it('refuses a tampered state, and the sign-in it belonged to is used up', async () => {
    provider.identities.set('dave-sub', { email: 'dave@trust.nhs.uk', email_verified: true });
    const { callback, ssoCookie } = await toCallback('dave-sub');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    await expectRefused(await callBack(tampered.href, ssoCookie), 'sso_state');
    await expectRefused(await callBack(callback, ssoCookie), 'sso_expired');
    // A callback without Jointly's cookie (another browser) finds no sign-in.
    const other = await toCallback('dave-sub');
    await expectRefused(await fetch(other.callback, { redirect: 'manual' }), 'sso_expired');
  });

  it('refuses a replayed callback', async () => {
    provider.identities.set('erin-sub', { email: 'erin@trust.nhs.uk', email_verified: true });
    const { callback, ssoCookie } = await toCallback('erin-sub');
    const first = await callBack(callback, ssoCookie);
    expect(liveCookie(first, 'jointly_session')).toBeDefined();
    await expectRefused(await callBack(callback, ssoCookie), 'sso_expired');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    provider.identities.set('frank-sub', { email: 'frank@trust.nhs.uk', email_verified: true });
    provider.faults.forgeNonce = true;
    const { callback, ssoCookie } = await toCallback('frank-sub');
    await expectRefused(await callBack(callback, ssoCookie), 'sso_token');
    expect(await server.services.database.db.selectFrom('sso_identities').selectAll().execute()).toEqual([]);
  });

  it('refuses an ID token whose signature does not verify', async () => {
    provider.identities.set('grace-sub', { email: 'grace@trust.nhs.uk', email_verified: true });
    provider.faults.corruptIdTokenSignature = true;
    const { callback, ssoCookie } = await toCallback('grace-sub');
    await expectRefused(await callBack(callback, ssoCookie), 'sso_token');
  });

  it('refuses password sign-in and sign-up for a domain that must use single sign-on', async () => {
    provider.identities.set('heidi-sub', { email: 'heidi@sso-only.nhs.uk', email_verified: true });
    await signInWithSso('heidi-sub');
    const login = await api(server, null, 'POST', '/api/auth/login', {
      email: 'heidi@sso-only.nhs.uk',
      password: 'correct horse battery staple',
    });
    expect(login.status).toBe(403);
    expect(((await login.json()) as ErrorBody).error.code).toBe('sso_required');
    await expect(signUpUser(server, { email: 'ivan@SSO-only.nhs.uk' })).rejects.toThrow(/403/);
  });
});

describe('single sign-on when not configured', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server?.close();
  });

  it('says it is off, and its start page goes back to sign-in', async () => {
    const status = await fetch(`${server.origin}/api/auth/sso`);
    expect(await status.json()).toEqual({ enabled: false, displayName: null });
    const start = await fetch(`${server.origin}/api/auth/sso/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/signin?sso_error=sso_off');
  });
});
