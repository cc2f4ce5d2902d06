import type { ErrorBody, MeDto, RecoveryCodesDto, TwoFactorSetupDto, TwoFactorStatusDto } from '@jointly/shared';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES_WITH_REDIS } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Two-factor sign-in (issue 15) over real HTTP: embedded (SQLite, limits in memory) and scaled
 * (PostgreSQL, limits in Redis). Codes are computed here from the secret the setup returned, as
 * an authenticator app would, never read from the server.
 */
const stores = TEST_DATABASES_WITH_REDIS;

const STEP_MS = 30_000;
const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp });
/** A code that is surely wrong: none of the three steps the server accepts gives it. */
function wrongCode(secret: string): string {
  const near = [-1, 0, 1].map((k) => codeAt(secret, Date.now() + k * STEP_MS));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.includes(candidate)) return candidate;
  }
}
const errorCode = async (response: Response) => ((await response.json()) as ErrorBody).error.code;
const setCookies = (response: Response) => response.headers.getSetCookie();
const cookieNamed = (response: Response, name: string) =>
  setCookies(response)
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

describe.each(stores)('two-factor sign-in on %s', (_name, makeStore) => {
  let server: TestServer;
  let drop: () => Promise<void>;
  // A server per test: sign-ups, passwords and codes from one address share the sign-in bucket of 30.
  beforeEach(async () => {
    const store = await makeStore();
    drop = store.drop;
    server = await startTestServer(store.env);
  });
  afterEach(async () => {
    await server?.close();
    await drop?.();
  });

  async function enrol(user: TestUser): Promise<{ secret: string; recoveryCodes: string[]; confirmCode: string }> {
    const setup = await api(server, user, 'POST', '/api/me/two-factor/setup');
    expect(setup.status).toBe(200);
    const { secret, uri, qrSvg } = (await setup.json()) as TwoFactorSetupDto;
    expect(uri).toBe(
      `otpauth://totp/Jointly:${encodeURIComponent(user.email)}?issuer=Jointly&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const confirmCode = codeAt(secret, Date.now());
    const confirm = await api(server, user, 'POST', '/api/me/two-factor/confirm', { code: confirmCode });
    expect(confirm.status).toBe(200);
    const { recoveryCodes } = (await confirm.json()) as RecoveryCodesDto;
    return { secret, recoveryCodes, confirmCode };
  }

  /** Password step: 401 second_factor_required, no session, the pending cookie. */
  async function passwordStep(user: TestUser): Promise<string> {
    const response = await api(server, null, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('second_factor_required');
    expect(cookieNamed(response, 'jointly_session')).toBeUndefined();
    const pending = cookieNamed(response, 'jointly_login_pending');
    expect(pending).toMatch(/^jointly_login_pending=[a-z0-9]+\.[a-z0-9]+$/);
    expect(setCookies(response)[0]).toMatch(/HttpOnly; SameSite=Strict/);
    return pending!;
  }

  const secondStep = (pending: string | null, body: unknown) =>
    api(server, pending ? { cookie: pending } : null, 'POST', '/api/auth/login/second-factor', body);

  it('a password account without TOTP signs in as before: 200 {user, organisation} and the session cookie', async () => {
    const user = await signUpUser(server);
    const response = await api(server, null, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    expect(response.status).toBe(200);
    expect(((await response.json()) as MeDto).user.id).toBe(user.me.user.id);
    expect(cookieNamed(response, 'jointly_session')).toBeDefined();
    const status = await api(server, user, 'GET', '/api/me/two-factor');
    expect(await status.json()).toStrictEqual({ enabled: false, recoveryCodesLeft: 0 } satisfies TwoFactorStatusDto);
  });

  it('enrols with a code from the secret; the secret is never sent again; sign-in needs password and code', async () => {
    const user = await signUpUser(server);
    // A wrong code does not turn it on.
    const setup = (await (await api(server, user, 'POST', '/api/me/two-factor/setup')).json()) as TwoFactorSetupDto;
    const refused = await api(server, user, 'POST', '/api/me/two-factor/confirm', { code: wrongCode(setup.secret) });
    expect(refused.status).toBe(400);
    expect(await errorCode(refused)).toBe('invalid_code');
    expect(await (await api(server, user, 'GET', '/api/me/two-factor')).json()).toMatchObject({ enabled: false });

    const { secret, recoveryCodes, confirmCode } = await enrol(user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const status = await api(server, user, 'GET', '/api/me/two-factor');
    const statusText = await status.text();
    expect(JSON.parse(statusText)).toStrictEqual({ enabled: true, recoveryCodesLeft: 10 });
    expect(statusText).not.toContain(secret);
    // Only hashes of the recovery codes are stored.
    const stored = await server.services.database.db
      .selectFrom('two_factor_recovery_codes')
      .select('code_hash')
      .execute();
    for (const row of stored)
      for (const code of recoveryCodes) expect(row.code_hash).not.toContain(code.replace('-', ''));
    // Setting up again while on is refused: the secret cannot be read back or swapped.
    const again = await api(server, user, 'POST', '/api/me/two-factor/setup');
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('two_factor_state');

    const pending = await passwordStep(user);
    // No pending cookie, or a made-up one: start again.
    const none = await secondStep(null, { code: codeAt(secret, Date.now() + STEP_MS) });
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe('second_factor_expired');
    const forged = await secondStep('jointly_login_pending=aaaa.bbbb', { code: codeAt(secret, Date.now() + STEP_MS) });
    expect(forged.status).toBe(401);
    // The confirming code's step is used: the same code again is a replay.
    const replay = await secondStep(pending, { code: confirmCode });
    expect(replay.status).toBe(400);
    expect(await errorCode(replay)).toBe('invalid_code');
    const body = await secondStep(pending, { code: '' });
    expect(body.status).toBe(400);
    expect(await errorCode(body)).toBe('validation_failed');
    // The next step's code (the ±1 window) completes the sign-in, with spaces as people type them.
    const next = codeAt(secret, Date.now() + STEP_MS);
    const done = await secondStep(pending, { code: `${next.slice(0, 3)} ${next.slice(3)}` });
    expect(done.status).toBe(200);
    expect(((await done.json()) as MeDto).user.id).toBe(user.me.user.id);
    const session = cookieNamed(done, 'jointly_session')!;
    expect(session).toBeDefined();
    expect(setCookies(done).find((c) => c.startsWith('jointly_login_pending='))).toMatch(/Max-Age=0/);
    expect((await api(server, { cookie: session }, 'GET', '/api/me')).status).toBe(200);
    // The pending sign-in was single-use.
    const reused = await secondStep(pending, { code: codeAt(secret, Date.now() - STEP_MS) });
    expect(reused.status).toBe(401);
    // And that code cannot sign in again through a new pending sign-in (no replay across logins).
    const pending2 = await passwordStep(user);
    const replayed = await secondStep(pending2, { code: next });
    expect(replayed.status).toBe(400);
    expect(await errorCode(replayed)).toBe('invalid_code');
  });

  it('one code completes one sign-in: two requests racing with it, one pending sign-in each, give one session', async () => {
    const user = await signUpUser(server);
    const { secret } = await enrol(user);
    const [first, second] = [await passwordStep(user), await passwordStep(user)];
    const code = codeAt(secret, Date.now() + STEP_MS);
    const answers = await Promise.all([secondStep(first, { code }), secondStep(second, { code })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
    // Two set-ups at once while off: both answer, the last one's secret is the one confirmed.
    const other = await signUpUser(server);
    const setups = await Promise.all([1, 2].map(() => api(server, other, 'POST', '/api/me/two-factor/setup')));
    expect(setups.map((r) => r.status)).toEqual([200, 200]);
  });

  it('recovery codes sign in once each, and can be replaced with a code', async () => {
    const user = await signUpUser(server);
    const { secret, recoveryCodes } = await enrol(user);
    const pending = await passwordStep(user);
    const used = await secondStep(pending, { recoveryCode: recoveryCodes[0]!.toUpperCase() });
    expect(used.status).toBe(200);
    const pending2 = await passwordStep(user);
    const twice = await secondStep(pending2, { recoveryCode: recoveryCodes[0] });
    expect(twice.status).toBe(400);
    expect(await errorCode(twice)).toBe('invalid_code');
    expect(await (await api(server, user, 'GET', '/api/me/two-factor')).json()).toMatchObject({ recoveryCodesLeft: 9 });
    // New codes need a current code; the old ones stop working.
    const fresh = await api(server, user, 'POST', '/api/me/two-factor/recovery-codes', {
      code: codeAt(secret, Date.now() + STEP_MS),
    });
    expect(fresh.status).toBe(200);
    const { recoveryCodes: newCodes } = (await fresh.json()) as RecoveryCodesDto;
    expect(newCodes).toHaveLength(10);
    const old = await secondStep(pending2, { recoveryCode: recoveryCodes[1] });
    expect(old.status).toBe(400);
    const ok = await secondStep(pending2, { recoveryCode: newCodes[3] });
    expect(ok.status).toBe(200);
  });

  it('locks a pending sign-in after 5 wrong codes, and limits codes per account (429)', async () => {
    const user = await signUpUser(server);
    const { secret } = await enrol(user); // 1 code tried
    const pending = await passwordStep(user);
    const wrong = wrongCode(secret);
    for (let i = 0; i < 4; i++) {
      const response = await secondStep(pending, { code: wrong });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.message).toMatch(
        `${4 - i} ${i === 3 ? 'try' : 'tries'} left`,
      );
    }
    const fifth = await secondStep(pending, { code: wrong });
    expect(fifth.status).toBe(401);
    expect(await errorCode(fifth)).toBe('second_factor_expired');
    expect(setCookies(fifth)[0]).toMatch(/^jointly_login_pending=; .*Max-Age=0/);
    // Even the right code no longer completes it.
    const late = await secondStep(pending, { code: codeAt(secret, Date.now() + STEP_MS) });
    expect(late.status).toBe(401);
    // 6 codes tried so far (plus the one refused above as expired, never counted); the bucket holds 10.
    const pending2 = await passwordStep(user);
    for (let i = 0; i < 4; i++) expect((await secondStep(pending2, { code: wrong })).status).toBe(400);
    const pending3 = await passwordStep(user);
    const limited = await secondStep(pending3, { code: codeAt(secret, Date.now() + STEP_MS) });
    expect(limited.status).toBe(429);
    expect(await errorCode(limited)).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('turns off with the password and a code; then the password alone signs in again', async () => {
    const user = await signUpUser(server);
    const { secret, recoveryCodes } = await enrol(user);
    const code = codeAt(secret, Date.now() + STEP_MS);
    const badPassword = await api(server, user, 'POST', '/api/me/two-factor/disable', {
      password: 'not it at all',
      code,
    });
    expect(badPassword.status).toBe(400);
    expect(await errorCode(badPassword)).toBe('validation_failed');
    const noCode = await api(server, user, 'POST', '/api/me/two-factor/disable', { password: user.password });
    expect(noCode.status).toBe(400);
    const badCode = await api(server, user, 'POST', '/api/me/two-factor/disable', {
      password: user.password,
      code: wrongCode(secret),
    });
    expect(badCode.status).toBe(400);
    expect(await errorCode(badCode)).toBe('invalid_code');
    expect(await (await api(server, user, 'GET', '/api/me/two-factor')).json()).toMatchObject({ enabled: true });
    const off = await api(server, user, 'POST', '/api/me/two-factor/disable', { password: user.password, code });
    expect(off.status).toBe(204);
    expect(await (await api(server, user, 'GET', '/api/me/two-factor')).json()).toStrictEqual({
      enabled: false,
      recoveryCodesLeft: 0,
    });
    const login = await api(server, null, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    // Nothing of the old enrolment works any more.
    const again = await api(server, user, 'POST', '/api/me/two-factor/disable', {
      password: user.password,
      recoveryCode: recoveryCodes[0],
    });
    expect(again.status).toBe(409);
    const rows = await server.services.database.db
      .selectFrom('two_factor_recovery_codes')
      .select('user_id')
      .where('user_id', '=', user.me.user.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('the settings need a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/me/two-factor'],
      ['POST', '/api/me/two-factor/setup'],
      ['POST', '/api/me/two-factor/confirm'],
      ['POST', '/api/me/two-factor/disable'],
      ['POST', '/api/me/two-factor/recovery-codes'],
    ] as const) {
      expect((await api(server, null, method, path, method === 'POST' ? { code: '123456' } : undefined)).status).toBe(
        401,
      );
    }
  });
});
