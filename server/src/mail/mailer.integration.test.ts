import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntry, invite, signUpUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

describe('invitation emails', () => {
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

  it('sends the invitation link to the invitee when SMTP_URL is set', async () => {
    const lead = await signUpUser(server);
    const entry = await createEntry(server, lead);
    const created = await invite(server, lead, entry.id, 'partner@supplier.example', 'contributor');
    expect(sink.messages).toHaveLength(1);
    const [message] = sink.messages;
    expect(message?.to).toEqual(['partner@supplier.example']);
    // Quoted-printable may wrap the long URL; compare without soft line breaks.
    expect(message?.body.replace(/=\r?\n/g, '')).toContain(`/invitations/${created.token}`);
  });
});
