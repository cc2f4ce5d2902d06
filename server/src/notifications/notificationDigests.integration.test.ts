import { NOTIFICATION_KINDS } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestSchema } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Notification e-mails are batched (issue 14 item 5), through a real SMTP
 * server: several notifications make one digest; the next digest not before
 * the interval; what was read meanwhile is not sent; the links unsubscribe a
 * kind (and the one-click header every kind) without signing in; two
 * processes sweeping one database never both send a notification.
 */

const INTERVAL_MS = 1500;
const SECTIONS = ['context-and-evolution', 'benefits-and-outcomes', 'sharing-and-adoption'];
/** A message body without quoted-printable soft line breaks, so long lines and URLs compare whole. */
const unwrapped = (body: string) => body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notification digests', () => {
  let sink: SmtpSink;
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let entryId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      NOTIFICATION_DIGEST_INTERVAL_MS: String(INTERVAL_MS),
    });
    [lead, contributor] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
    ]);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
  });
  afterEach(() => {
    sink.messages.length = 0;
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  const digestsTo = (user: TestUser) =>
    sink.messages.filter((m) => m.to.includes(user.email) && m.body.includes('waiting for you'));
  const assign = (sectionId: string, user = contributor) =>
    api(server, lead, 'PUT', `/api/entries/${entryId}/sections/${sectionId}/assignment`, {
      assigneeUserIds: [user.me.user.id],
      dueDate: null,
    });

  it('several notifications make one digest; the next waits for the interval; read ones are left out', async () => {
    for (const section of SECTIONS) expect((await assign(section)).status).toBe(200);
    await vi.waitFor(() => expect(digestsTo(contributor)).toHaveLength(1), { timeout: INTERVAL_MS * 4 });
    const first = unwrapped(digestsTo(contributor)[0]!.body);
    const firstAt = Date.now();
    expect(first).toContain('3 things are waiting for you');
    for (const section of SECTIONS) {
      expect(first).toContain(`http://localhost:${server.port}/entries/${entryId}/sections/${section}`);
    }
    expect(first).toMatch(
      /^List-Unsubscribe:\s+<http:\/\/localhost:\d+\/api\/notifications\/unsubscribe\/[a-z2-7]{32}>/m,
    );
    expect(first).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(digestsTo(lead)).toHaveLength(0);

    // Two more: one read in the app before the digest goes, one not.
    await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTIONS[0]}/comments`, {
      body: 'First, read in the app',
    });
    const read = await api(server, contributor, 'POST', '/api/notifications/read', { all: true });
    expect(read.status).toBe(200);
    await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTIONS[1]}/comments`, {
      body: 'Second, unread',
    });
    await vi.waitFor(() => expect(digestsTo(contributor)).toHaveLength(2), { timeout: INTERVAL_MS * 4 });
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(INTERVAL_MS - 100);
    const second = unwrapped(digestsTo(contributor)[1]!.body);
    expect(second).toContain('One thing is waiting for you');
    expect(second).toContain(`sections/${SECTIONS[1]}`);
    expect(second).not.toContain(`sections/${SECTIONS[0]}`);
    // Nothing is sent twice.
    await sleep(INTERVAL_MS * 2);
    expect(digestsTo(contributor)).toHaveLength(2);
  });

  it('a digest link switches one kind off without signing in; one-click switches every kind off', async () => {
    await assign(SECTIONS[2]!, lead); // unassigns contributor: nothing for them
    await assign(SECTIONS[2]!);
    await vi.waitFor(() => expect(digestsTo(contributor)).toHaveLength(1), { timeout: INTERVAL_MS * 4 });
    const body = unwrapped(digestsTo(contributor)[0]!.body);
    const link = /http:\/\/localhost:\d+\/unsubscribe\/([a-z2-7]{32})\?kind=assignment/.exec(body);
    expect(link).not.toBeNull();
    const token = link![1]!;
    // Opening a link (a mail scanner's GET) changes nothing: only the page's button POSTs.
    expect((await fetch(`${server.origin}/api/notifications/unsubscribe/${token}?kind=assignment`)).status).not.toBe(
      200,
    );
    expect(await (await api(server, contributor, 'GET', '/api/notifications/settings')).json()).toEqual({
      emailOff: [],
    });
    const off = await fetch(`${server.origin}/api/notifications/unsubscribe/${token}?kind=assignment`, {
      method: 'POST',
    });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ emailOff: ['assignment'] });
    const settings = await api(server, contributor, 'GET', '/api/notifications/settings');
    expect(await settings.json()).toEqual({ emailOff: ['assignment'] });
    expect(
      (await fetch(`${server.origin}/api/notifications/unsubscribe/${'a'.repeat(32)}`, { method: 'POST' })).status,
    ).toBe(404);
    expect((await fetch(`${server.origin}/api/notifications/unsubscribe/short`, { method: 'POST' })).status).toBe(400);
    expect(
      (await fetch(`${server.origin}/api/notifications/unsubscribe/${token}?kind=nosuch`, { method: 'POST' })).status,
    ).toBe(400);

    // Assignments are no longer e-mailed; comments still are.
    sink.messages.length = 0;
    await assign(SECTIONS[0]!, lead);
    await assign(SECTIONS[0]!);
    await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTIONS[0]}/comments`, {
      body: 'Still mailed',
    });
    await vi.waitFor(() => expect(digestsTo(contributor)).toHaveLength(1), { timeout: INTERVAL_MS * 4 });
    const mailed = unwrapped(digestsTo(contributor)[0]!.body);
    expect(mailed).toContain('commented on');
    expect(mailed).not.toContain('assigned you');

    // RFC 8058 one-click: the header's URL, POSTed with its body, no cookie: every kind off.
    const header = /^List-Unsubscribe:\s+<([^>]+)>/m.exec(mailed)![1]!;
    const oneClick = await fetch(header, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(((await oneClick.json()) as { emailOff: string[] }).emailOff.sort()).toEqual([...NOTIFICATION_KINDS].sort());
    sink.messages.length = 0;
    await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTIONS[1]}/comments`, { body: 'Not mailed' });
    await sleep(INTERVAL_MS * 3);
    expect(digestsTo(contributor)).toHaveLength(0);
    // Signed in, they switch kinds back on.
    const on = await api(server, contributor, 'PUT', '/api/notifications/settings', { emailOff: [] });
    expect(await on.json()).toEqual({ emailOff: [] });
    expect((await api(server, contributor, 'PUT', '/api/notifications/settings', { emailOff: ['nope'] })).status).toBe(
      400,
    );
  });
});

describe('notification digests with two processes on one database', () => {
  it('each notification is e-mailed once, in one digest', async () => {
    const schema = await createTestSchema();
    const sink = await startSmtpSink();
    const env = {
      DATABASE_URL: schema.url,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      NOTIFICATION_DIGEST_INTERVAL_MS: '100000', // the timers stay out of it: sweeps are called below
    };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const lead = await signUpUser(a, { organisationKind: 'nhs_trust' });
      const people = await Promise.all([1, 2, 3, 4].map(() => signUpUser(a, { organisationKind: 'supplier' })));
      const entryId = (await createEntry(a, lead)).id;
      for (const person of people) await addMember(a, lead, entryId, person, 'contributor');
      sink.messages.length = 0;
      for (const section of SECTIONS) {
        await api(a, lead, 'PUT', `/api/entries/${entryId}/sections/${section}/assignment`, {
          assigneeUserIds: people.map((p) => p.me.user.id),
          dueDate: null,
        });
      }
      // Both processes sweep at the same moment, as if the interval had passed, several times over.
      const db = a.services.database.db;
      await db.updateTable('notifications').set({ created_at: 1 }).execute();
      const sent = await Promise.all(
        [a, b, a, b].map((s) => s.services.notifications.sweepDigests(`http://localhost:${s.port}`)),
      );
      expect(sent.reduce((x, y) => x + y, 0)).toBe(4);
      await vi.waitFor(() => expect(sink.messages).toHaveLength(4), { timeout: 3000 });
      for (const person of people) {
        const mine = sink.messages.filter((m) => m.to.includes(person.email));
        expect(mine).toHaveLength(1);
        expect(unwrapped(mine[0]!.body)).toContain('3 things are waiting for you');
      }
      await sleep(300);
      expect(sink.messages).toHaveLength(4);
    } finally {
      await b.close();
      await a.close();
      await sink.close();
      await schema.drop();
    }
  });
});
