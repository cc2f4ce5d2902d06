import type { RecoveryCodesDto, TwoFactorSetupDto } from '@jointly/shared';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTokenFor } from '../accounts/testing/accountLinks.ts';
import { api, cookieFrom, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { TEST_DATABASES } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { actionsOf, auditTrail, makeAdmin, waitForAction } from './testing/auditTrail.ts';

/**
 * Every account action writes its audit record (issue 15), through the real server, a real SMTP
 * sink for the e-mailed links, and codes computed as an authenticator app would, on SQLite and
 * PostgreSQL. Each person here has an organisation of their own and is made its admin to read it.
 */
const stores = TEST_DATABASES;

const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp });

describe.each(stores)('account actions in the audit log on %s', (_name, makeStore) => {
  let store: Awaited<ReturnType<(typeof stores)[number][1]>>;
  let sink: SmtpSink;
  let server: TestServer;
  const login = (email: string, password: string) => api(server, null, 'POST', '/api/auth/login', { email, password });

  beforeAll(async () => {
    store = await makeStore();
    sink = await startSmtpSink();
    server = await startTestServer({ ...store.env, SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await store?.drop();
  });

  async function person(): Promise<TestUser> {
    const user = await signUpUser(server);
    await makeAdmin(server, user);
    return user;
  }

  it('sign-up, sign-in, a failed sign-in, sign-out, name and password changes, devices signed out', async () => {
    const user = await person();
    const second = { ...user, cookie: cookieFrom(await login(user.email, user.password)) };
    expect((await api(server, user, 'PATCH', '/api/account/name', { name: 'Dr Ada Renamed' })).status).toBe(200);
    const third = { ...user, cookie: cookieFrom(await login(user.email, user.password)) };
    const sessions = (await (await api(server, user, 'GET', '/api/account/sessions')).json()) as {
      sessions: { id: string; current: boolean }[];
    };
    const thirdId = third.cookie.split('=')[1]!.split('.')[0]!;
    expect(sessions.sessions.some((s) => s.id === thirdId)).toBe(true);
    expect((await api(server, user, 'DELETE', `/api/account/sessions/${thirdId}`)).status).toBe(204);
    expect(
      (
        await api(server, user, 'POST', '/api/account/password', {
          currentPassword: user.password,
          newPassword: 'another long passphrase',
        })
      ).status,
    ).toBe(204);
    // The password change ended the second session; sign in again, then sign the others out.
    const fourth = { ...user, cookie: cookieFrom(await login(user.email, 'another long passphrase')) };
    expect((await api(server, fourth, 'POST', '/api/account/sessions/sign-out-others')).status).toBe(204);
    expect((await api(server, fourth, 'POST', '/api/auth/logout')).status).toBe(204);
    expect((await api(server, second, 'GET', '/api/me')).status).toBe(401);

    const admin = { ...user, cookie: cookieFrom(await login(user.email, 'another long passphrase')) };
    // Last: a wrong password locks this address out of the account for a moment.
    const wrong = await login(user.email, 'not the password at all');
    expect(wrong.status).toBe(401);
    const failed = await waitForAction(server, admin, user, 'account.sign_in_failed');
    expect(failed).toMatchObject({ actor: null, detail: { stage: 'password' }, ip: '127.0.0.1' });
    // An address without an account leaves nothing anywhere.
    expect((await login('nobody-here@example.org', 'whatever it is')).status).toBe(401);

    expect(await actionsOf(server, admin, user)).toEqual([
      'account.signed_up',
      'account.signed_in',
      'account.name_changed',
      'account.signed_in',
      'account.session_signed_out',
      'account.password_changed',
      'account.signed_in',
      'account.other_sessions_signed_out',
      'account.signed_out',
      'account.signed_in',
      'account.sign_in_failed',
    ]);
    const trail = await auditTrail(server, admin, user.me.organisation.id);
    expect(trail.find((e) => e.action === 'account.name_changed')).toMatchObject({
      actor: { id: user.me.user.id, name: 'Dr Ada Renamed' },
      subject: { id: user.me.user.id },
      detail: { from: user.me.user.name, to: 'Dr Ada Renamed' },
    });
    expect(trail.find((e) => e.action === 'account.signed_in')).toMatchObject({ detail: { method: 'password' } });
    // A refused change records nothing: a wrong current password.
    const before = trail.length;
    const refused = await api(server, admin, 'POST', '/api/account/password', {
      currentPassword: 'wrong wrong wrong',
      newPassword: 'yet another passphrase',
    });
    expect(refused.status).toBe(400);
    expect(await auditTrail(server, admin, user.me.organisation.id)).toHaveLength(before);
  });

  it('links by e-mail: verification, password reset (asked and done), email change (asked and confirmed)', async () => {
    const user = await person();
    const verify = await linkTokenFor(sink, user.email, 'verify-email');
    expect((await api(server, null, 'POST', `/api/auth/verify-email/${verify}`)).status).toBe(204);

    expect((await api(server, null, 'POST', '/api/auth/password-reset', { email: user.email })).status).toBe(202);
    await waitForAction(server, user, user, 'account.password_reset_requested');
    const reset = await linkTokenFor(sink, user.email, 'reset-password');
    const password = 'a reset passphrase here';
    expect((await api(server, null, 'POST', `/api/auth/password-reset/${reset}`, { password })).status).toBe(204);

    const admin = { ...user, cookie: cookieFrom(await login(user.email, password)) };
    const newEmail = `moved-${user.me.user.id}@example.nhs.uk`;
    const asked = await api(server, admin, 'POST', '/api/account/email', {
      email: newEmail,
      currentPassword: password,
    });
    expect(asked.status).toBe(202);
    const confirm = await linkTokenFor(sink, newEmail, 'confirm-email');
    expect((await api(server, null, 'POST', `/api/auth/email-change/${confirm}`)).status).toBe(204);

    const trail = await auditTrail(server, admin, user.me.organisation.id);
    const mine = trail.filter((e) => e.subject?.id === user.me.user.id && e.action.startsWith('account.')).reverse();
    expect(mine.map((e) => e.action)).toEqual([
      'account.signed_up',
      'account.email_verified',
      'account.password_reset_requested',
      'account.password_reset_completed',
      'account.signed_in',
      'account.email_change_requested',
      'account.email_change_confirmed',
    ]);
    expect(mine.find((e) => e.action === 'account.password_reset_requested')).toMatchObject({ actor: null });
    expect(mine.find((e) => e.action === 'account.email_change_confirmed')).toMatchObject({
      detail: { from: user.email, to: newEmail },
    });
    // A used link changes nothing and records nothing.
    expect((await api(server, null, 'POST', `/api/auth/password-reset/${reset}`, { password })).status).toBe(400);
    expect(await auditTrail(server, admin, user.me.organisation.id)).toHaveLength(trail.length);
  });

  it('two-factor: enabled, a wrong code, a recovery code used, new codes, disabled', async () => {
    const user = await person();
    const setup = (await (await api(server, user, 'POST', '/api/me/two-factor/setup')).json()) as TwoFactorSetupDto;
    const confirmed = await api(server, user, 'POST', '/api/me/two-factor/confirm', {
      code: codeAt(setup.secret, Date.now()),
    });
    const { recoveryCodes } = (await confirmed.json()) as RecoveryCodesDto;
    // Password then a wrong code, then a recovery code.
    const pending = (await login(user.email, user.password)).headers
      .getSetCookie()
      .find((c) => c.startsWith('jointly_login_pending='))!
      .split(';')[0]!;
    const now = Date.now();
    const near = [-1, 0, 1].map((k) => codeAt(setup.secret, now + k * 30_000));
    const wrongCode = ['000000', '111111', '222222'].find((c) => !near.includes(c))!;
    const bad = await api(server, { cookie: pending }, 'POST', '/api/auth/login/second-factor', { code: wrongCode });
    expect(bad.status).toBe(400);
    const good = await api(server, { cookie: pending }, 'POST', '/api/auth/login/second-factor', {
      recoveryCode: recoveryCodes[0],
    });
    expect(good.status).toBe(200);
    const session = {
      ...user,
      cookie: good.headers
        .getSetCookie()
        .find((c) => c.startsWith('jointly_session='))!
        .split(';')[0]!,
    };
    const fresh = await api(server, session, 'POST', '/api/me/two-factor/recovery-codes', {
      code: codeAt(setup.secret, Date.now() + 30_000),
    });
    expect(fresh.status).toBe(200);
    const off = await api(server, session, 'POST', '/api/me/two-factor/disable', {
      password: user.password,
      recoveryCode: ((await fresh.json()) as RecoveryCodesDto).recoveryCodes[0],
    });
    expect(off.status).toBe(204);

    const trail = await auditTrail(server, session, user.me.organisation.id);
    const mine = trail.filter((e) => e.subject?.id === user.me.user.id && e.action.startsWith('account.')).reverse();
    expect(mine.map((e) => e.action)).toEqual([
      'account.signed_up',
      'account.two_factor_enabled',
      'account.sign_in_failed',
      'account.recovery_code_used',
      'account.signed_in',
      'account.recovery_codes_regenerated',
      'account.recovery_code_used',
      'account.two_factor_disabled',
    ]);
    expect(mine.find((e) => e.action === 'account.sign_in_failed')).toMatchObject({
      detail: { stage: 'second_factor' },
    });
    expect(mine.find((e) => e.action === 'account.signed_in')).toMatchObject({ detail: { method: 'two_factor' } });
  });

  it('deletion: recorded against the organisation, the record kept and named "Former member of …"', async () => {
    const admin = await person();
    const leaver = await signUpUser(server, { organisationName: admin.me.organisation.name });
    expect(leaver.me.organisation.id).toBe(admin.me.organisation.id);
    const deleted = await api(server, leaver, 'POST', '/api/account/delete', { currentPassword: leaver.password });
    expect(deleted.status).toBe(204);
    const trail = await auditTrail(server, admin, admin.me.organisation.id);
    const record = trail.find((e) => e.action === 'account.deleted');
    const former = `Former member of ${admin.me.organisation.name}`;
    expect(record).toMatchObject({ actor: { id: leaver.me.user.id, name: former }, subject: { name: former } });
    // Its earlier records stay too, now under the same name.
    expect(
      trail.filter((e) => e.subject?.id === leaver.me.user.id).map((e) => [e.action, e.subject?.name]),
    ).toContainEqual(['account.signed_up', former]);
  });
});
