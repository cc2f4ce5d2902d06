import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.ts';
import { createAccountMail } from './accountMail.ts';

/** A logger that keeps what it was given (the real one writes JSON lines to stderr). */
function keepingLogger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const keep = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
  const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep };
  return { logger, lines };
}

const LINK = {
  to: 'ada@example.nhs.uk',
  subject: 'Reset your Jointly password',
  text: 'Set a new password: http://localhost:3000/reset-password/secret',
  url: 'http://localhost:3000/reset-password/secret',
};

describe('account mail without SMTP_URL', () => {
  it('writes the link to the log in development only', async () => {
    const development = keepingLogger();
    await createAccountMail({ mailer: null, logger: development.logger, nodeEnv: 'development' }).send(LINK);
    expect(development.lines.map((line) => line.fields?.url)).toEqual([LINK.url]);

    for (const nodeEnv of ['production', 'test']) {
      const other = keepingLogger();
      await createAccountMail({ mailer: null, logger: other.logger, nodeEnv }).send(LINK);
      expect(JSON.stringify(other.lines)).not.toContain('reset-password');
    }
  });

  it('sends through the mailer when there is one, and logs nothing of the link', async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    const { logger, lines } = keepingLogger();
    const mailer = {
      sendAccountLink: async (input: { to: string; subject: string; text: string }) => {
        sent.push(input);
        return true;
      },
    };
    await createAccountMail({ mailer: mailer as never, logger, nodeEnv: 'development' }).send(LINK);
    expect(sent).toEqual([{ to: LINK.to, subject: LINK.subject, text: LINK.text }]);
    expect(lines).toEqual([]);
  });
});
