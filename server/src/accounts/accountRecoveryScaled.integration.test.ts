import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, whenProviderClosed, whenSynced } from '../collab/testing/collabClients.ts';
import { ACCOUNT_EMAILS_PER_ADDRESS } from '../limits/accountEmailLimits.ts';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { api, createEntry, signUpUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { linkTokenFor } from './testing/accountLinks.ts';

/**
 * Account recovery in scaled mode (issue 15): two processes on one PostgreSQL and one Redis. The
 * e-mail limits per address are shared through Redis, a link e-mailed by one process works on the
 * other, and a reset on one process closes the account's live socket on the other.
 */
describe('account recovery in scaled mode: shared through PostgreSQL and Redis', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let sink: SmtpSink;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    schema = await createTestSchema();
    sink = await startSmtpSink();
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueRedisPrefix(),
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await sink?.close();
    await schema?.drop();
  });

  it('limits reset e-mails per address across both processes', async () => {
    const email = `shared-${Date.now()}@example.org`;
    const statuses: number[] = [];
    for (let n = 0; n < ACCOUNT_EMAILS_PER_ADDRESS.capacity + 2; n++) {
      statuses.push((await api(n % 2 ? a : b, null, 'POST', '/api/auth/password-reset', { email })).status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(ACCOUNT_EMAILS_PER_ADDRESS.capacity);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('a link sent by one process resets on the other and closes the socket open there', async () => {
    const user = await signUpUser(a);
    const entry = await createEntry(a, user);
    const provider = openProvider(b, user, entry.id);
    await whenSynced(provider);
    const closed = whenProviderClosed(provider);
    expect((await api(a, null, 'POST', '/api/auth/password-reset', { email: user.email })).status).toBe(202);
    const token = await linkTokenFor(sink, user.email, 'reset-password');
    const reset = await api(b, null, 'POST', `/api/auth/password-reset/${token}`, { password: 'a fresh passphrase' });
    expect(reset.status).toBe(204);
    expect((await closed).code).toBe(4401);
    provider.destroy();
    expect((await api(a, user, 'GET', '/api/me')).status).toBe(401);
  });
});
