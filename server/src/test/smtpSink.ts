import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type SmtpSink = {
  port: number;
  /**
   * Every message received, in order: envelope recipients and the raw message, except account links
   * (issue 15: every sign-up now sends a verification link), which are in `accountMessages`.
   */
  messages: { to: string[]; body: string }[];
  /** Account links (password reset, verification, email change: header X-Jointly-Mail: account-link). */
  accountMessages: { to: string[]; body: string }[];
  close(): Promise<void>;
};

/** A real SMTP server, process-local on port 0, that keeps every message it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const accountMessages: SmtpSink['accountMessages'] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message = {
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString('utf8'),
        };
        const headers = message.body.split(/\r?\n\r?\n/, 1)[0] ?? '';
        (/^X-Jointly-Mail: account-link$/im.test(headers) ? accountMessages : messages).push(message);
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const { port } = smtp.server.address() as AddressInfo;
  return { port, messages, accountMessages, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
