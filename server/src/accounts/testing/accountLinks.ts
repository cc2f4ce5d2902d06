import { expect, vi } from 'vitest';
import type { SmtpSink } from '../../test/smtpSink.ts';

/** A message's text with quoted-printable soft line breaks joined (long links get wrapped). */
export const unwrapped = (body: string) => body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

/**
 * The token of the newest account link of `kind` (the page path) e-mailed to `to`, waiting for it
 * (links are sent after the request is answered).
 */
export async function linkTokenFor(
  sink: SmtpSink,
  to: string,
  kind: 'reset-password' | 'verify-email' | 'confirm-email',
  after = 0,
): Promise<string> {
  const pattern = new RegExp(`/${kind}/([A-Za-z0-9_-]+)`);
  const find = () =>
    sink.accountMessages
      .slice(after)
      .filter((m) => m.to.includes(to))
      .map((m) => pattern.exec(unwrapped(m.body))?.[1])
      .filter((t): t is string => t !== undefined)
      .at(-1);
  await vi.waitFor(() => expect(find()).toBeTruthy(), { timeout: 5000 });
  return find()!;
}

/** How many account links went to `to`. */
export const linksTo = (sink: SmtpSink, to: string) => sink.accountMessages.filter((m) => m.to.includes(to)).length;
