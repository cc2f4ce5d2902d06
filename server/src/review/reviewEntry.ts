import { ErrorCode } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadEntry, withEntryLocked } from '../entries/entryLock.ts';
import { conflict, HttpError } from '../http/HttpError.ts';

/**
 * What every review journey asks of the entry before it acts: the entry and
 * its template, the section a request names, and a transaction that holds
 * the entry open for a comment write.
 */

/** A 400 naming the field at fault, in the same envelope as schema validation. */
export const invalid = (path: string, message: string) =>
  new HttpError(400, ErrorCode.validation, message, [{ path, message }]);

/** The entry's title, status and template, or 404 (entries/entryLock.ts, as every service reads it). */
export const entryRow = loadEntry;

/** The template section, or 400: a section id is part of the request, not a resource of its own. */
export function sectionOf(template: CategoryTemplate, sectionId: string) {
  const section = template.sections.find((s) => s.id === sectionId);
  if (!section) throw invalid('sectionId', 'This entry has no section with that id.');
  return section;
}

/** A stored comment's section (its id as the title should the template ever drop it). */
export const sectionTitled = (template: CategoryTemplate, sectionId: string) =>
  template.sections.find((s) => s.id === sectionId) ?? { id: sectionId, title: sectionId };

/**
 * Runs a comment write in a transaction that locks the entry's row (as
 * sign-off does), so it cannot interleave with a submit: a submitted
 * entry's comments are as locked as its content (409 entry_submitted).
 */
export function whileOpen<T>(
  db: Kysely<Database>,
  entryId: string,
  write: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return withEntryLocked(db, entryId, async (trx, status) => {
    if (status === 'submitted') {
      throw conflict(
        ErrorCode.entrySubmitted,
        'This entry has been submitted, so its comments are closed. A lead must reopen it first.',
      );
    }
    return write(trx);
  });
}
