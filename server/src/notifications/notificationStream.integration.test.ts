import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { openNotificationStream, type StreamReader } from './testing/eventStream.ts';

/**
 * The bell's live count (issue 14 item 5): GET /api/notifications/stream
 * sends the unread count on opening and on every change, within a second;
 * only the person's own; bounded per person; and in scaled mode a
 * notification made in one process reaches a stream held by another, over Redis.
 */

const SECTION = 'context-and-evolution';

describe('notification stream', () => {
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let entryId: string;
  const streams: StreamReader[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    [lead, contributor, viewer] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await server?.close();
  });

  it('pushes the count on opening and within a second of an assignment; others hear nothing', async () => {
    const mine = await openNotificationStream(server.origin, contributor);
    const theirs = await openNotificationStream(server.origin, viewer);
    streams.push(mine, theirs);
    expect(mine.status).toBe(200);
    await vi.waitFor(() => expect(mine.counts).toEqual([0]), { timeout: 2000 });
    await vi.waitFor(() => expect(theirs.counts).toEqual([0]), { timeout: 2000 });
    const started = Date.now();
    const assigned = await api(server, lead, 'PUT', `/api/entries/${entryId}/sections/${SECTION}/assignment`, {
      assigneeUserIds: [contributor.me.user.id],
      dueDate: null,
    });
    expect(assigned.status).toBe(200);
    await vi.waitFor(() => expect(mine.counts).toEqual([0, 1]), { timeout: 1000, interval: 10 });
    expect(Date.now() - started).toBeLessThan(1000);
    // Marking read is pushed too (the person's other tabs).
    await api(server, contributor, 'POST', '/api/notifications/read', { all: true });
    await vi.waitFor(() => expect(mine.counts).toEqual([0, 1, 0]), { timeout: 1000, interval: 10 });
    expect(theirs.counts).toEqual([0]);
  });

  it('refuses without a session and keeps at most 5 streams a person', async () => {
    expect((await fetch(`${server.origin}/api/notifications/stream`)).status).toBe(401);
    const many: StreamReader[] = [];
    for (let i = 0; i < 7; i++) many.push(await openNotificationStream(server.origin, lead));
    streams.push(...many);
    await vi.waitFor(() => expect(many.at(-1)!.counts).toEqual([0]), { timeout: 2000 });
    expect(server.services.notifications.openStreams(lead.me.user.id)).toBe(5);
  });

  it('closes the streams of a session that signs out', async () => {
    const stream = await openNotificationStream(server.origin, viewer);
    streams.push(stream);
    await vi.waitFor(() => expect(stream.counts).toEqual([0]), { timeout: 2000 });
    const before = server.services.notifications.openStreams(viewer.me.user.id);
    expect((await api(server, viewer, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    await vi.waitFor(() => expect(server.services.notifications.openStreams(viewer.me.user.id)).toBe(0), {
      timeout: 2000,
    });
    expect(before).toBeGreaterThan(0);
  });
});

describe('notification stream in scaled mode', () => {
  it('a notification made in one process reaches a stream held by another, over Redis', async () => {
    const schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const lead = await signUpUser(a, { organisationKind: 'nhs_trust' });
      const contributor = await signUpUser(a, { organisationKind: 'supplier' });
      const entryId = (await createEntry(a, lead)).id;
      await addMember(a, lead, entryId, contributor, 'contributor');
      const stream = await openNotificationStream(a.origin, contributor);
      try {
        await vi.waitFor(() => expect(stream.counts).toEqual([0]), { timeout: 2000 });
        const comment = await api(b, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
          body: 'Over to you',
          mentions: [contributor.me.user.id],
        });
        expect(comment.status).toBe(201);
        await vi.waitFor(() => expect(stream.counts).toEqual([0, 1]), { timeout: 2000, interval: 10 });
      } finally {
        stream.close();
      }
    } finally {
      await b.close();
      await a.close();
      await schema.drop();
    }
  });
});
