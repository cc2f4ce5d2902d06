import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * The key a browser seals its offline copies with (issue 18 item 3) lives and dies with the
 * session: the same for every request of one session, another for another session (even of the
 * same person), and never issued again once the session has ended.
 */
describe.each(TEST_DATABASES)('offline copy key on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
  });
  afterAll(async () => {
    await server.close();
    await store.drop();
  });

  const keyOf = async (who: Pick<TestUser, 'cookie'> | null) => {
    const response = await api(server, who, 'GET', '/api/me/offline-copy-key');
    return {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
      body: await response.json(),
    };
  };
  const signIn = async (user: TestUser) => {
    const response = await api(server, null, 'POST', '/api/auth/login', { email: user.email, password: user.password });
    expect(response.status).toBe(200);
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]! };
  };

  it('gives one session one 256-bit key, not cached, and another session another', async () => {
    const user = await signUpUser(server);
    const first = await keyOf(user);
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe('no-store');
    const key = (first.body as { key: string }).key;
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(((await keyOf(user)).body as { key: string }).key).toBe(key);

    const secondSession = await signIn(user);
    expect(((await keyOf(secondSession)).body as { key: string }).key).not.toBe(key);
    const someoneElse = await signUpUser(server);
    expect(((await keyOf(someoneElse)).body as { key: string }).key).not.toBe(key);
  });

  it('is not issued without a session, nor for a forged or ended one', async () => {
    const user = await signUpUser(server);
    expect((await keyOf(null)).status).toBe(401);
    const [name, token] = user.cookie.split('=') as [string, string];
    const [id] = token.split('.');
    expect((await keyOf({ cookie: `${name}=${id}.forgedsecretforgedsecret` })).status).toBe(401);

    expect((await api(server, user, 'POST', '/api/auth/logout')).status).toBe(204);
    expect((await keyOf(user)).status).toBe(401);
  });
});
