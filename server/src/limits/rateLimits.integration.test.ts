import { type CommentThreadDto, ErrorCode, type InvitationDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  COMMENT_LIMIT_PER_ACCOUNT,
  EMAIL_LIMIT_PER_SENDER,
  ENTRY_LIMIT_PER_ACCOUNT,
  ENTRY_LIMIT_PER_ORGANISATION,
  INVITATION_EMAILS_PER_RECIPIENT,
  INVITATION_LIMIT_PER_ACCOUNT,
  MENTION_EMAILS_PER_RECIPIENT,
} from '../config.ts';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Costs without limits (issue 10 finding 8) and the invitation email flood (finding 9, RELIABILITY
 * G50), over HTTP against the real server: what used to be accepted by the thousand is now refused
 * with 429 `rate_limited` and `Retry-After` past a per-account, per-organisation or per-recipient
 * limit, and nothing is created by a refused request.
 */

const SECTION = 'context-and-evolution';
const CATEGORY = 'hsj-partnership-long-term-partnership';

type Reply = { status: number; retryAfter: string | null; code: string | undefined };
async function reply(response: Response): Promise<Reply> {
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.error?.code };
}
const created = (replies: Reply[]) => replies.filter((r) => r.status === 201).length;
/** Every refusal is 429 rate_limited with a Retry-After in whole seconds. */
function expectRefusals(replies: Reply[], count: number) {
  const refused = replies.filter((r) => r.status !== 201);
  expect(refused).toHaveLength(count);
  for (const r of refused) {
    expect(r.status).toBe(429);
    expect(r.code).toBe(ErrorCode.rateLimited);
    expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
  }
}

describe('rate limits without email (embedded mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const entriesOf = async (user: TestUser) =>
    ((await (await api(server, user, 'GET', '/api/entries')).json()) as unknown[]).length;

  it('I10-8: 1,000 entries created at once by one account: the first 20 are, the rest 429 and nothing more exists', async () => {
    const user = await signUpUser(server);
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        api(server, user, 'POST', '/api/entries', { title: `Flood ${n}`, categoryId: CATEGORY }).then(reply),
      ),
    );
    const elapsed = performance.now() - started;
    expect(created(replies)).toBe(ENTRY_LIMIT_PER_ACCOUNT.capacity);
    expectRefusals(replies, 1000 - ENTRY_LIMIT_PER_ACCOUNT.capacity);
    // The next token comes back after the refill interval, and the header says so.
    const retryAfter = Math.max(...replies.map((r) => Number(r.retryAfter ?? 0)));
    expect(retryAfter).toBeLessThanOrEqual(ENTRY_LIMIT_PER_ACCOUNT.refillMs / 1000);
    expect(retryAfter).toBeGreaterThan(ENTRY_LIMIT_PER_ACCOUNT.refillMs / 1000 - elapsed / 1000 - 5);
    expect(await entriesOf(user)).toBe(ENTRY_LIMIT_PER_ACCOUNT.capacity);
    // Another account is not affected.
    expect((await createEntry(server, await signUpUser(server))).id).toBeTruthy();
  });

  it('I10-8: an organisation’s accounts share a larger entry limit; another organisation is not affected', async () => {
    const organisationName = `Busy Trust ${Date.now()}`;
    const perAccount = ENTRY_LIMIT_PER_ACCOUNT.capacity;
    const accounts = await Promise.all(
      Array.from({ length: ENTRY_LIMIT_PER_ORGANISATION.capacity / perAccount + 1 }, () =>
        signUpUser(server, { organisationName }),
      ),
    );
    const [last, ...filling] = accounts;
    for (const account of filling) {
      const replies = await Promise.all(
        Array.from({ length: perAccount }, () =>
          api(server, account, 'POST', '/api/entries', { title: 'Ours', categoryId: CATEGORY }).then(reply),
        ),
      );
      expect(created(replies)).toBe(perAccount);
    }
    // This account has its own 20, but the organisation's 100 are spent.
    const refused = await reply(
      await api(server, last!, 'POST', '/api/entries', { title: 'Mine', categoryId: CATEGORY }),
    );
    expect(refused).toMatchObject({ status: 429, code: ErrorCode.rateLimited });
    expect(await entriesOf(last!)).toBe(0);
    expect((await createEntry(server, await signUpUser(server))).id).toBeTruthy();
  });

  it('I10-8: a bad request spends nothing: an invalid entry body is 400, and the limit is intact', async () => {
    const user = await signUpUser(server);
    for (let n = 0; n < 30; n++) {
      expect((await api(server, user, 'POST', '/api/entries', { title: '', categoryId: CATEGORY })).status).toBe(400);
    }
    expect((await createEntry(server, user)).id).toBeTruthy();
  });

  it('I10-8: 1,000 comments of 5,000 characters at once: 60 are stored, the rest 429', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const body = 'x'.repeat(5000);
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 1000 }, () =>
        api(server, lead, 'POST', `/api/entries/${entry.id}/sections/${SECTION}/comments`, { body }).then(reply),
      ),
    );
    // The bucket refills one comment per refillMs: a burst slowed down by a busy machine may earn one more.
    const refilled = Math.floor((Date.now() - started) / COMMENT_LIMIT_PER_ACCOUNT.refillMs);
    const stored = created(replies);
    expect(stored).toBeGreaterThanOrEqual(COMMENT_LIMIT_PER_ACCOUNT.capacity);
    expect(stored).toBeLessThanOrEqual(COMMENT_LIMIT_PER_ACCOUNT.capacity + refilled);
    expectRefusals(replies, 1000 - stored);
    const threads = (await (
      await api(server, lead, 'GET', `/api/entries/${entry.id}/sections/${SECTION}/comments`)
    ).json()) as CommentThreadDto[];
    expect(threads).toHaveLength(stored);
    // Replies draw on the same limit.
    const replyTo = await api(server, lead, 'POST', `/api/entries/${entry.id}/comments/${threads[0]!.id}/replies`, {
      body: 'one more',
    });
    expect(await reply(replyTo)).toMatchObject({ status: 429, code: ErrorCode.rateLimited });
    // A colleague in another organisation still comments.
    const contributor = await signUpUser(server, { organisationKind: 'supplier' });
    await addMember(server, lead, entry.id, contributor, 'contributor');
    const theirs = await api(server, contributor, 'POST', `/api/entries/${entry.id}/sections/${SECTION}/comments`, {
      body: 'Mine gets through',
    });
    expect(theirs.status).toBe(201);
  });

  it('I10-8: invitations without email: 60 at once per account, then 429 with nothing stored', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        api(server, lead, 'POST', `/api/entries/${entry.id}/invitations`, {
          email: `guest-${n}@example.nhs.uk`,
          role: 'viewer',
        }).then(reply),
      ),
    );
    expect(created(replies)).toBe(INVITATION_LIMIT_PER_ACCOUNT.capacity);
    expectRefusals(replies, 200 - INVITATION_LIMIT_PER_ACCOUNT.capacity);
    const pending = (await (
      await api(server, lead, 'GET', `/api/entries/${entry.id}/invitations`)
    ).json()) as InvitationDto[];
    expect(pending).toHaveLength(INVITATION_LIMIT_PER_ACCOUNT.capacity);
  });
});

describe('rate limits on email (RELIABILITY G50)', () => {
  let sink: SmtpSink;
  let server: TestServer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  const to = (address: string) => sink.messages.filter((m) => m.to.includes(address)).length;
  const invite = (lead: TestUser, entryId: string, email: string) =>
    api(server, lead, 'POST', `/api/entries/${entryId}/invitations`, { email, role: 'viewer' }).then(reply);
  /** Mail is sent after the response for mentions: wait for `count`, then a moment for any extra. */
  const settle = async (check: () => void) => {
    await vi.waitFor(check, { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    check();
  };

  it('I10-9: one address invited 50 times gets 3 emails, and only 3 invitations exist', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const target = `target-${Date.now()}@example.nhs.uk`;
    const replies: Reply[] = [];
    for (let n = 0; n < 50; n++) replies.push(await invite(lead, entry.id, n % 2 ? target.toUpperCase() : target));
    expect(created(replies)).toBe(INVITATION_EMAILS_PER_RECIPIENT.capacity);
    expectRefusals(replies, 50 - INVITATION_EMAILS_PER_RECIPIENT.capacity);
    expect(to(target)).toBe(INVITATION_EMAILS_PER_RECIPIENT.capacity);
    const pending = (await (
      await api(server, lead, 'GET', `/api/entries/${entry.id}/invitations`)
    ).json()) as InvitationDto[];
    expect(pending).toHaveLength(INVITATION_EMAILS_PER_RECIPIENT.capacity);
    // Another lead cannot mail the same address either: the limit is the recipient's.
    const other = await signUpUser(server);
    const otherEntry = await createEntry(server, other);
    expect(await invite(other, otherEntry.id, target)).toMatchObject({ status: 429, code: ErrorCode.rateLimited });
    expect(to(target)).toBe(INVITATION_EMAILS_PER_RECIPIENT.capacity);
  });

  it('I10-9: 300 invitations to distinct addresses in seconds send 40 emails; the rest are 429 and not stored', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const before = sink.messages.length;
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, n) => invite(lead, entry.id, `spam-${Date.now()}-${n}@example.com`)),
    );
    expect(created(replies)).toBe(EMAIL_LIMIT_PER_SENDER.capacity);
    expectRefusals(replies, 300 - EMAIL_LIMIT_PER_SENDER.capacity);
    expect(sink.messages.length - before).toBe(EMAIL_LIMIT_PER_SENDER.capacity);
    const pending = (await (
      await api(server, lead, 'GET', `/api/entries/${entry.id}/invitations`)
    ).json()) as InvitationDto[];
    expect(pending).toHaveLength(EMAIL_LIMIT_PER_SENDER.capacity);
  });

  it('I10-9: mention emails to one member stop at 20 a day; the comments are all stored', async () => {
    const lead = await signUpUser(server);
    const colleague = await signUpUser(server, { organisationKind: 'supplier' });
    const entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, colleague, 'contributor');
    const comments = MENTION_EMAILS_PER_RECIPIENT.capacity + 5;
    for (let n = 0; n < comments; n++) {
      const response = await api(server, lead, 'POST', `/api/entries/${entry.id}/sections/${SECTION}/comments`, {
        body: `Look at this, ${n}`,
        mentions: [colleague.me.user.id],
      });
      expect(response.status).toBe(201);
    }
    // Those 20, and the invitation email they got when added (a bucket of its own).
    await settle(() => expect(to(colleague.email)).toBe(1 + MENTION_EMAILS_PER_RECIPIENT.capacity));
    const threads = (await (
      await api(server, colleague, 'GET', `/api/entries/${entry.id}/sections/${SECTION}/comments`)
    ).json()) as CommentThreadDto[];
    expect(threads).toHaveLength(comments);
  });
});

describe('rate limits in scaled mode: shared through Redis', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await schema?.drop();
  });

  it('I10-8: one account creating entries on two processes at once gets 20 in all, not 20 on each', async () => {
    const user = await signUpUser(a);
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        api(n % 2 ? a : b, user, 'POST', '/api/entries', { title: `Flood ${n}`, categoryId: CATEGORY }).then(reply),
      ),
    );
    expect(created(replies)).toBe(ENTRY_LIMIT_PER_ACCOUNT.capacity);
    expectRefusals(replies, 100 - ENTRY_LIMIT_PER_ACCOUNT.capacity);
    const listed = (await (await api(b, user, 'GET', '/api/entries')).json()) as unknown[];
    expect(listed).toHaveLength(ENTRY_LIMIT_PER_ACCOUNT.capacity);
  });
});
