import nodemailer from 'nodemailer';
import type { Logger } from '../logger.ts';

/**
 * Sends Jointly's emails over SMTP when `SMTP_URL` is set. Without it there
 * is no mailer and the invitation link is shown to the lead instead.
 */
export type Mailer = {
  sendInvitation(input: { to: string; inviter: string; url: string }): Promise<void>;
  /** Tells a member they were mentioned in a comment; `url` opens the entry at the section. Never throws. */
  sendMention(input: {
    to: string;
    author: string;
    entryTitle: string;
    sectionTitle: string;
    body: string;
    url: string;
  }): Promise<void>;
  /**
   * A notification digest (issue 14 item 5) with RFC 8058 one-click unsubscribe headers.
   * Resolves false (never throws) when the SMTP server did not take it, so the caller can try again later.
   */
  sendDigest(input: { to: string; subject: string; text: string; unsubscribeUrl: string }): Promise<boolean>;
  /**
   * An account link (issue 15: password reset, address verification, email change) to `to`.
   * Resolves false (never throws) when the SMTP server did not take it.
   */
  sendAccountLink(input: { to: string; subject: string; text: string }): Promise<boolean>;
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
    async sendMention({ to, author, entryTitle, sectionTitle, body, url }) {
      try {
        await transport.sendMail({
          from,
          to,
          subject: `${oneLine(author)} mentioned you on “${oneLine(entryTitle)}”`,
          text: `${author} mentioned you in a comment on “${sectionTitle}” in the award entry “${entryTitle}”:\n\n${quote(body)}\n\nOpen the section: ${url}`,
        });
      } catch (err) {
        // The comment is saved and shows in the entry; a mail failure must not fail it.
        logger.warn('mention email failed', { err: String(err) });
      }
    },
    async sendDigest({ to, subject, text, unsubscribeUrl }) {
      try {
        await transport.sendMail({
          from,
          to,
          subject: oneLine(subject),
          text,
          // RFC 2369 and RFC 8058: mail clients offer "Unsubscribe" and POST List-Unsubscribe=One-Click to it.
          headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        return true;
      } catch (err) {
        logger.warn('notification digest email failed', { err: String(err) });
        return false;
      }
    },
    async sendAccountLink({ to, subject, text }) {
      try {
        // Marked so that a test's SMTP sink can tell them from the mail other actions send.
        await transport.sendMail({
          from,
          to,
          subject: oneLine(subject),
          text,
          headers: { 'X-Jointly-Mail': 'account-link' },
        });
        return true;
      } catch (err) {
        logger.warn('account email failed', { err: String(err) });
        return false;
      }
    },
    close() {
      transport.close();
    },
  };
}

/** A header-safe single line (names and titles are single-line already; this is belt and braces). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The comment as a plain-text quotation, each line prefixed with `> `. */
function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}
