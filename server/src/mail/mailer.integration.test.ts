import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntry, invite, signUpUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/** A real SMTP server process-local sink that keeps every message it receives. */
async function startSmtpSink() {
  const messages: { to: string[]; body: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const { port } = smtp.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

describe('invitation emails', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
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
