import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { emailOff } from '../notifications/emailSettings.ts';
import type { MemberActor } from './entryMembers.ts';

export type MentionEmailsDeps = {
  db: Kysely<Database>;
  /** Null without SMTP_URL: mentions are then only seen in the entry. */
  mailer: Mailer | null;
  /** Caps the mention emails a sender, an organisation and a recipient see (issue 10 finding 9). */
  limits: Pick<ActionLimiter, 'mentionEmailAllowed'>;
  logger: Pick<Logger, 'warn'>;
};

export type MentionContext = {
  entryId: string;
  entryTitle: string;
  section: { id: string; title: string };
  authorId: string;
};

/** The e-mails a comment's @mentions send, once the comment is stored. */
export function createMentionEmails(deps: MentionEmailsDeps) {
  const { db, mailer, limits, logger } = deps;

  /**
   * Emails each mentioned member but the author, once the comment is stored.
   * Not awaited by the request: a slow or failing mail server never delays or
   * fails a comment (the mailer logs and swallows its errors).
   */
  function notifyMentions(
    mentioned: Map<string, MemberActor>,
    context: MentionContext,
    body: string,
    origin: string,
  ): void {
    const recipients = [...mentioned.values()].filter((member) => member.userId !== context.authorId);
    if (!mailer || recipients.length === 0) return;
    const url = `${origin}/entries/${context.entryId}/sections/${context.section.id}`;
    const send = async () => {
      const author = await db
        .selectFrom('users')
        .select(['name', 'organisation_id'])
        .where('id', '=', context.authorId)
        .executeTakeFirstOrThrow();
      const sender = { userId: context.authorId, organisationId: author.organisation_id };
      const allowed = [];
      for (const member of recipients) {
        // Switched off in their notification settings or by an unsubscribe link (issue 14 item 5).
        if ((await emailOff(db, member.userId)).includes('mention')) continue;
        // Over a limit the mention still shows in the entry; only its email is left out.
        if (await limits.mentionEmailAllowed(sender, member.email)) allowed.push(member);
      }
      if (allowed.length < recipients.length) {
        logger.warn('mention emails over the rate limit not sent', {
          entryId: context.entryId,
          skipped: recipients.length - allowed.length,
        });
      }
      await Promise.all(
        allowed.map((member) =>
          mailer.sendMention({
            to: member.email,
            author: author.name,
            entryTitle: context.entryTitle,
            sectionTitle: context.section.title,
            body,
            url,
          }),
        ),
      );
    };
    // Only the lookups can reject here (the mailer never throws); the comment stands regardless.
    send().catch((err) => logger.warn('mention emails not sent', { entryId: context.entryId, err: String(err) }));
  }

  return { notifyMentions };
}
