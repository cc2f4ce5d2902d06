import nodemailer from 'nodemailer';
import type { Logger } from '../logger.ts';

/**
 * Sends Jointly's emails over SMTP when `SMTP_URL` is set. Without it there
 * is no mailer and the invitation link is shown to the lead instead.
 */
export type Mailer = {
  sendInvitation(input: { to: string; inviter: string; url: string }): Promise<void>;
  close(): void;
};

export function createMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async sendInvitation({ to, inviter, url }) {
      try {
        await transport.sendMail({
          from,
          to,
          subject: `${inviter} invited you to co-write an award entry on Jointly`,
          text: `${inviter} has invited you to work on a joint award entry in Jointly.\n\nAccept the invitation: ${url}\n\nThe link works once and expires in 7 days.`,
        });
      } catch (err) {
        // The invitation exists and its link is shown to the lead; a mail failure must not undo it.
        logger.warn('invitation email failed', { err: String(err) });
      }
    },
    close() {
      transport.close();
    },
  };
}
