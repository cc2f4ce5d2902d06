import { ErrorCode, type SubmissionDetailDto, type SubmissionDto } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import * as Y from 'yjs';
import { recordActivity } from '../activity/activityLog.ts';
import { isStaleHold } from '../collab/heldEntryDocument.ts';
import { loadEntry, lockEntryRow } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import { conflict, HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup } from '../people/actorOf.ts';
import { readEntry } from './entryRead.ts';
import { type SignoffDeps, submittedConflict } from './signoffDeps.ts';
import type { SubmitIssue } from './submitConditions.ts';
import type { UnmetConditions } from './unmetConditions.ts';

export type Submissions = ReturnType<typeof createSubmissions>;

/**
 * Submission, reopening and submitted versions (PRODUCT §3 journey 7;
 * S-SUBMIT-*, S-REOPEN-1): a submission stores the document's state and
 * hash as version N and locks the entry; every version stays readable and
 * exportable, its hash recomputed from its stored state.
 */
export function createSubmissions(deps: SignoffDeps, unmetConditions: UnmetConditions) {
  const { db, entries, collab } = deps;
  const now = deps.now ?? Date.now;

  async function submissionDto(row: {
    version: number;
    content_hash: string;
    submitted_by: string;
    organisation_id: string;
    submitted_at: number;
  }): Promise<SubmissionDto> {
    const actor = await actorLookup(db, [{ userId: row.submitted_by, organisationId: row.organisation_id }]);
    return {
      version: Number(row.version),
      contentHash: row.content_hash,
      submittedBy: actor(row.submitted_by, row.organisation_id),
      submittedAt: isoTime(row.submitted_at),
    };
  }

  async function submissionByKey(entryId: string, key: string) {
    return db
      .selectFrom('submissions')
      .select(['version', 'content_hash', 'submitted_by', 'organisation_id', 'submitted_at'])
      .where('entry_id', '=', entryId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /**
   * S-SUBMIT-2 … S-SUBMIT-4: with client writes held (C-HOLD-1) so the
   * document equals the store, checks every condition; if all hold, stores
   * the submission and marks the entry submitted in ONE transaction, then
   * closes the entry's sockets 4101 (C-WRITE-4). With an Idempotency-Key, a
   * retry returns the submission that key made (`created: false`).
   */
  async function submit(
    entryId: string,
    userId: string,
    idempotencyKey: string | null,
  ): Promise<{ submission: SubmissionDto; created: boolean }> {
    await entries.authorise(entryId, userId, 'signOff');
    if (idempotencyKey) {
      const existing = await submissionByKey(entryId, idempotencyKey);
      if (existing) return { submission: await submissionDto(existing), created: false };
    }
    const { status, template } = await loadEntry(db, entryId);
    if (status !== 'draft') throw submittedConflict();
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');

    try {
      return await submitHeld(entryId, userId, idempotencyKey, template, actor);
    } catch (err) {
      if (!isStaleHold(err)) throw err;
      throw conflict(ErrorCode.conflict, 'The entry is still changing. Try submitting again in a moment.');
    }
  }

  /**
   * S-SUBMIT-7: the unmet conditions now, without submitting, for any member
   * (the page shows them and refreshes them on every change).
   */
  async function submitConditions(entryId: string, userId: string): Promise<{ met: boolean; issues: SubmitIssue[] }> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await loadEntry(db, entryId);
    // A copy: the conditions are read across awaits, and a live room's document may change meanwhile.
    const state = await collab.readDocument(entryId, (doc) => Y.encodeStateAsUpdate(doc));
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      const { issues } = await unmetConditions(entryId, userId, template, doc);
      return { met: issues.length === 0, issues };
    } finally {
      doc.destroy();
    }
  }

  /** The submission itself, with the entry's writes held (see submit). */
  async function submitHeld(
    entryId: string,
    userId: string,
    idempotencyKey: string | null,
    template: CategoryTemplate,
    actor: NonNullable<Awaited<ReturnType<EntryService['activityActor']>>>,
  ): Promise<{ submission: SubmissionDto; created: boolean }> {
    return collab.withWritesHeld(entryId, async (doc, held) => {
      const { issues, contentHash } = await unmetConditions(entryId, userId, template, doc);
      if (issues.length > 0) {
        throw new HttpError(
          409,
          ErrorCode.submitConditionsUnmet,
          `The entry cannot be submitted yet: ${issues.length} condition${issues.length === 1 ? ' is' : 's are'} not met.`,
          issues,
        );
      }
      const at = now();
      const outcome = await db.transaction().execute(async (trx) => {
        // The log lock first (as appends take it), so a compaction cannot tear the catch-up below.
        await held.lockLog(trx);
        if ((await lockEntryRow(trx, entryId)) !== 'draft') {
          // A concurrent request submitted first: the same key gets its submission, anything else 409.
          const existing = idempotencyKey ? await submissionByKey(entryId, idempotencyKey) : undefined;
          if (existing) return { existing };
          throw submittedConflict();
        }
        // Under the entry's lock no more updates can be stored (C-SCALE-7). Another process may
        // have stored some the held document lacks: it catches up, and if that changed the content
        // checked above, the submission runs again on the newer document.
        if ((await held.catchUpUnderLock(trx)) && readEntry(doc, template).contentHash !== contentHash) held.retry();
        const state = Buffer.from(Y.encodeStateAsUpdate(doc));
        const last = await trx
          .selectFrom('submissions')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('entry_id', '=', entryId)
          .executeTakeFirst();
        const version = Number(last?.version ?? 0) + 1;
        await trx
          .insertInto('submissions')
          .values({
            id: generateId(),
            entry_id: entryId,
            version,
            content_hash: contentHash,
            state,
            submitted_by: userId,
            organisation_id: actor.organisationId,
            submitted_at: at,
            idempotency_key: idempotencyKey,
          })
          .execute();
        await trx.updateTable('entries').set({ status: 'submitted' }).where('id', '=', entryId).execute();
        await recordActivity(trx, { entryId, at, actor, kind: 'entry_submitted', detail: { version, contentHash } });
        return {
          created: {
            version,
            content_hash: contentHash,
            submitted_by: userId,
            organisation_id: actor.organisationId,
            submitted_at: at,
          },
        };
      });
      if ('existing' in outcome && outcome.existing) {
        return { submission: await submissionDto(outcome.existing), created: false };
      }
      // Committed: live writes are refused from now on, and open editors reconnect and refetch.
      collab.entryStatusChanged(entryId, 'submitted');
      return { submission: await submissionDto(outcome.created!), created: true };
    });
  }

  /** S-REOPEN-1: a lead reopens a submitted entry for editing; every submitted version stays. */
  async function reopen(entryId: string, userId: string): Promise<void> {
    await entries.authorise(entryId, userId, 'signOff');
    const actor = await entries.activityActor(entryId, userId);
    await db.transaction().execute(async (trx) => {
      if ((await lockEntryRow(trx, entryId)) !== 'submitted') {
        throw conflict(ErrorCode.entryNotSubmitted, 'This entry is not submitted, so there is nothing to reopen.');
      }
      await trx.updateTable('entries').set({ status: 'draft' }).where('id', '=', entryId).execute();
      await recordActivity(trx, { entryId, at: now(), actor, kind: 'entry_reopened' });
    });
    collab.entryStatusChanged(entryId, 'draft');
  }

  async function listSubmissions(entryId: string, userId: string): Promise<SubmissionDto[]> {
    await entries.authorise(entryId, userId, 'read');
    const rows = await db
      .selectFrom('submissions')
      .select(['version', 'content_hash', 'submitted_by', 'organisation_id', 'submitted_at'])
      .where('entry_id', '=', entryId)
      .orderBy('version', 'desc')
      .execute();
    return Promise.all(rows.map(submissionDto));
  }

  /** S-SUBMIT-6: a submitted version rebuilt from its stored state, its hash recomputed. */
  async function getSubmission(entryId: string, version: number, userId: string): Promise<SubmissionDetailDto> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await loadEntry(db, entryId);
    const row = await db
      .selectFrom('submissions')
      .selectAll()
      .where('entry_id', '=', entryId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw notFound('Submission');
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, new Uint8Array(row.state));
      const read = readEntry(doc, template);
      return {
        ...(await submissionDto(row)),
        verified: read.contentHash === row.content_hash,
        sections: template.sections.map((section) => {
          const s = read.sections.get(section.id)!;
          return { id: section.id, title: section.title, wordLimit: section.wordLimit, text: s.text, words: s.words };
        }),
        testimonials: read.testimonials,
        evidence: read.evidence,
      };
    } finally {
      doc.destroy();
    }
  }

  /** The stored document state of a submitted version, for exports (the caller has checked membership). */
  async function loadVersionState(entryId: string, version: number): Promise<Uint8Array | null> {
    const row = await db
      .selectFrom('submissions')
      .select('state')
      .where('entry_id', '=', entryId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? new Uint8Array(row.state) : null;
  }

  return { submit, submitConditions, reopen, listSubmissions, getSubmission, loadVersionState };
}
