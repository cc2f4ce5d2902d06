import { ErrorCode, type ReviewRequestDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadEntry, withEntryLocked } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, HttpError } from '../http/HttpError.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup } from '../people/actorOf.ts';
import type { NotificationService } from './notificationService.ts';

export type ReviewRequestsDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  notifications: NotificationService;
  events: Pick<EventBus, 'publish'>;
  now?: () => number;
};

const submitted = () =>
  conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it before asking for review.');

/**
 * "Ready for review" (issue 14 item 6): a contributor or lead asks the leads
 * to approve a section. One open request per section (asking again renews
 * it); withdrawing or the section's approval (signoff/approvals.ts, in its
 * transaction) clears it. Every lead of the entry is notified.
 */
export function createReviewRequests(deps: ReviewRequestsDeps) {
  const { db, entries, notifications, events } = deps;
  const now = deps.now ?? Date.now;

  async function sectionOf(entryId: string, sectionId: string) {
    const { template } = await loadEntry(db, entryId);
    if (!template.sections.some((s) => s.id === sectionId)) {
      throw new HttpError(400, ErrorCode.validation, 'This entry has no section with that id.', [
        { path: 'sectionId', message: 'Choose one of the entry’s sections.' },
      ]);
    }
  }

  async function requestReview(entryId: string, sectionId: string, userId: string): Promise<ReviewRequestDto> {
    await entries.authorise(entryId, userId, 'edit');
    await sectionOf(entryId, sectionId);
    const at = now();
    const notified = await withEntryLocked(db, entryId, async (trx, status) => {
      if (status !== 'draft') throw submitted();
      await trx
        .deleteFrom('review_requests')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
      await trx
        .insertInto('review_requests')
        .values({ entry_id: entryId, section_id: sectionId, requested_by: userId, requested_at: at })
        .execute();
      const leads = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('entry_id', '=', entryId)
        .where('role', '=', 'lead')
        .execute();
      return notifications.notify(trx, {
        kind: 'approval_requested',
        entryId,
        sectionId,
        recipients: leads.map((l) => l.user_id),
        actorId: userId,
      });
    });
    notifications.announce(notified);
    events.publish('entryChanged', { entryId, kind: 'signoff', sectionId });
    const request = (await reviewRequestsOf(entryId)).get(sectionId);
    return request!;
  }

  async function withdrawReview(entryId: string, sectionId: string, userId: string): Promise<void> {
    await entries.authorise(entryId, userId, 'edit');
    await sectionOf(entryId, sectionId);
    await withEntryLocked(db, entryId, async (trx, status) => {
      if (status !== 'draft') throw submitted();
      await trx
        .deleteFrom('review_requests')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
    });
    events.publish('entryChanged', { entryId, kind: 'signoff', sectionId });
  }

  /** The open requests of an entry by section, requesters named as members now. No access check. */
  async function reviewRequestsOf(entryId: string): Promise<Map<string, ReviewRequestDto>> {
    const rows = await db
      .selectFrom('review_requests')
      .leftJoin('memberships', (join) =>
        join
          .onRef('memberships.entry_id', '=', 'review_requests.entry_id')
          .onRef('memberships.user_id', '=', 'review_requests.requested_by'),
      )
      .select([
        'review_requests.section_id as sectionId',
        'review_requests.requested_by as userId',
        'review_requests.requested_at as at',
        'memberships.organisation_id as organisationId',
      ])
      .where('review_requests.entry_id', '=', entryId)
      .execute();
    const people = rows.map((r) => ({ userId: r.userId, organisationId: r.organisationId ?? '' }));
    const by = await actorLookup(db, people);
    return new Map(
      rows.map((r) => [r.sectionId, { requestedBy: by(r.userId, r.organisationId ?? ''), requestedAt: isoTime(r.at) }]),
    );
  }

  return { requestReview, withdrawReview, reviewRequestsOf };
}
