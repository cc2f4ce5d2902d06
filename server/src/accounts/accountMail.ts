import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';

export type AccountLink = { to: string; subject: string; text: string; url: string };

/**
 * Sends an account link. With no SMTP_URL there is no mailer: the link is written to the server
 * log in development only (a developer's own machine), never in production or tests, where a
 * logged link would hand the account to whoever reads the logs.
 */
export function createAccountMail(deps: { mailer: Mailer | null; logger: Logger; nodeEnv: string }) {
  return {
    async send(link: AccountLink): Promise<void> {
      if (deps.mailer) {
        await deps.mailer.sendAccountLink({ to: link.to, subject: link.subject, text: link.text });
        return;
      }
      if (deps.nodeEnv === 'development') {
        deps.logger.info('account email (no SMTP_URL; development only)', {
          to: link.to,
          subject: link.subject,
          url: link.url,
        });
      }
    },
  };
}

export type AccountMail = ReturnType<typeof createAccountMail>;
