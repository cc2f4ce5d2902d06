import type { CommentThreadDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * @mentions in comments email the mentioned members through a real SMTP
 * server (smtp-server on port 0), with a link to the entry's section; the
 * author is never emailed about their own comment, and a mail server that
 * is down never fails the comment.
 */

const SECTION = 'context-and-evolution';

/** A message body without quoted-printable soft line breaks, so long lines and URLs compare whole. */
const unwrapped = (body: string) => body.replace(/=\r?\n/g, '');

describe('mention emails', () => {
  let sink: SmtpSink;
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let entryId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
    [lead, contributor, viewer] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
    ]);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
    sink.messages.length = 0; // invitation emails
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  const messagesTo = (user: TestUser) => sink.messages.filter((m) => m.to.includes(user.email));

  it('emails each mentioned member (not the author) with the comment and the section link', async () => {
    const response = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
      body: 'Could you check the patient numbers in this section?',
      mentions: [contributor.me.user.id, lead.me.user.id],
    });
    expect(response.status).toBe(201);

    await vi.waitFor(() => expect(messagesTo(contributor)).toHaveLength(1), { timeout: 5000 });
    const body = unwrapped(messagesTo(contributor)[0]!.body);
    // Without PUBLIC_URL (tests), e-mail links point at this server on localhost (mailLinkOrigin.ts).
    expect(body).toContain(`http://localhost:${server.port}/entries/${entryId}/sections/${SECTION}`);
    expect(body).toContain('> Could you check the patient numbers in this section?');
    expect(body).toContain(lead.me.user.name);
    expect(messagesTo(lead)).toHaveLength(0);
  });

  it('emails members mentioned in a reply, viewers included', async () => {
    const thread = (await (
      await api(server, contributor, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
        body: 'Opening a thread',
      })
    ).json()) as CommentThreadDto;
    const reply = await api(server, contributor, 'POST', `/api/entries/${entryId}/comments/${thread.id}/replies`, {
      body: 'Over to you for a read-through.',
      mentions: [viewer.me.user.id],
    });
    expect(reply.status).toBe(201);
    await vi.waitFor(() => expect(messagesTo(viewer)).toHaveLength(1), { timeout: 5000 });
    expect(unwrapped(messagesTo(viewer)[0]!.body)).toContain(`/entries/${entryId}/sections/${SECTION}`);
  });
});

describe('mention emails when the mail server is down', () => {
  it('still saves the comment', async () => {
    const sink = await startSmtpSink();
    const port = sink.port;
    await sink.close(); // nothing listens on this port any more
    const server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const lead = await signUpUser(server);
      const contributor = await signUpUser(server, { organisationKind: 'supplier' });
      const entry = await createEntry(server, lead);
      await addMember(server, lead, entry.id, contributor, 'contributor');
      const response = await api(server, lead, 'POST', `/api/entries/${entry.id}/sections/${SECTION}/comments`, {
        body: 'Are you there?',
        mentions: [contributor.me.user.id],
      });
      expect(response.status).toBe(201);
      const listed = await api(server, contributor, 'GET', `/api/entries/${entry.id}/sections/${SECTION}/comments`);
      expect(((await listed.json()) as CommentThreadDto[]).map((t) => t.body)).toEqual(['Are you there?']);
    } finally {
      await server.close();
    }
  });
});
