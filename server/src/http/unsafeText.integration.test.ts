import { type CommentThreadDto, ErrorCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue #10 finding 10 (NUL bytes answered 500 on PostgreSQL) and finding 16's text part (CR/LF
 * and bidi overrides accepted in names): every free-text field of the HTTP API refuses control
 * and bidi-override characters with 400 validation_failed and stores nothing, on both stores.
 */

const SECTION = 'context-and-evolution';
const NUL = '\u0000';
const CRLF = '\r\n';
const RLO = '\u202e'; // right-to-left override
const RLI = '\u2067'; // right-to-left isolate
const BAD = [NUL, CRLF, '\n', RLO, RLI, '\u0007'];
const BAD_MULTI_LINE = [NUL, RLO, RLI, '\u0007', '\u001b'];
const label = (c: string) => JSON.stringify(c);

describe.each(TEST_DATABASES)('I10-10: control and bidi characters refused on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let entryId: string;
  let threadId: string;

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    lead = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
    const thread = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
      body: 'A first thread',
    });
    threadId = ((await thread.json()) as CommentThreadDto).id;
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  /** Every row a refused request could have written. */
  async function snapshot() {
    const db = server.services.database.db;
    const count = async (table: 'users' | 'organisations' | 'entries' | 'invitations' | 'comments' | 'sessions') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const tables = ['users', 'organisations', 'entries', 'invitations', 'comments', 'sessions'] as const;
    return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
  }

  async function expectRefused(response: Response, field: string) {
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; issues: { path: string }[] } };
    expect(body.error.code).toBe(ErrorCode.validation);
    expect(body.error.issues.map((issue) => issue.path)).toContain(field);
  }

  const signup = (overrides: Record<string, string>) =>
    api(server, null, 'POST', '/api/auth/signup', {
      email: `unsafe-${Date.now()}-${Math.random().toString(36).slice(2)}@example.nhs.uk`,
      password: 'correct horse battery staple',
      name: 'Ann Example',
      organisationName: 'Example Trust',
      organisationKind: 'supplier',
      ...overrides,
    });

  it('sign-up: name, organisation name and e-mail', async () => {
    const before = await snapshot();
    for (const c of BAD) {
      await expectRefused(await signup({ name: `Ann${c}Example` }), 'name');
      await expectRefused(await signup({ organisationName: `Example${c}Trust` }), 'organisationName');
      await expectRefused(await signup({ email: `ann${c}x@example.nhs.uk` }), 'email');
    }
    // At the ends too: a trailing line break is refused, not trimmed into an apparently clean value.
    await expectRefused(await signup({ name: `Ann Example${CRLF}` }), 'name');
    expect(await snapshot()).toEqual(before);
  });

  it('sign-in: an e-mail address with NUL or CR LF is a 400, not a 500', async () => {
    for (const c of [NUL, CRLF]) {
      const response = await api(server, null, 'POST', '/api/auth/login', {
        email: `${lead.email}${c}`,
        password: lead.password,
      });
      await expectRefused(response, 'email');
    }
  });

  it('entry title (and category id)', async () => {
    const before = await snapshot();
    for (const c of BAD) {
      const titled = await api(server, lead, 'POST', '/api/entries', {
        title: `Our${c}entry`,
        categoryId: 'hsj-partnership-long-term-partnership',
      });
      await expectRefused(titled, 'title');
    }
    const category = await api(server, lead, 'POST', '/api/entries', { title: 'Fine', categoryId: `x${NUL}` });
    await expectRefused(category, 'categoryId');
    expect(await snapshot()).toEqual(before);
  });

  it('invitation e-mail, including a header-injection attempt', async () => {
    const before = await snapshot();
    for (const email of [`partner${NUL}@example.org`, `partner@example.org${CRLF}Bcc: victim@example.org`]) {
      const response = await api(server, lead, 'POST', `/api/entries/${entryId}/invitations`, {
        email,
        role: 'viewer',
      });
      await expectRefused(response, 'email');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('comment and reply bodies refuse control and bidi characters but keep tabs and line breaks', async () => {
    const before = await snapshot();
    for (const c of BAD_MULTI_LINE) {
      const thread = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
        body: `Please check${c}this`,
      });
      await expectRefused(thread, 'body');
      const reply = await api(server, lead, 'POST', `/api/entries/${entryId}/comments/${threadId}/replies`, {
        body: `Agreed${c}`,
      });
      await expectRefused(reply, 'body');
    }
    expect(await snapshot()).toEqual(before);

    const multiLine = 'First point:\n\t- the numbers\r\nSecond point.';
    const ok = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
      body: multiLine,
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as CommentThreadDto).body).toBe(multiLine);
  });

  it('ordinary names of any script are still accepted', async () => {
    for (const name of ['Zoë O’Brien', 'محمد الأحمد', 'שרה כהן\u200f']) {
      expect((await signup({ name })).status, label(name)).toBe(201);
    }
  });
});
