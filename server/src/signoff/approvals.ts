import {
  type ApprovalDiffDto,
  type EndorsementDto,
  ErrorCode,
  entryContentHash,
  type SectionApprovalDto,
  type SectionContent,
} from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import { recordActivity } from '../activity/activityLog.ts';
import { loadEntry, lockEntryRow } from '../entries/entryLock.ts';
import type { SignoffView } from '../entries/entryView.ts';
import { HttpError, notFound } from '../http/HttpError.ts';
import { isoTime } from '../isoTime.ts';
import { actorLookup, organisationsById, unknownOrganisation } from '../people/actorOf.ts';
import { assertApprovable } from './approvalRules.ts';
import { readSection } from './entryRead.ts';
import { sectionDiff } from './sectionDiff.ts';
import { type SignoffDeps, submittedConflict } from './signoffDeps.ts';

export type Approvals = ReturnType<typeof createApprovals>;

/**
 * Approvals of sections and endorsements of the entry (PRODUCT §3 journey 7;
 * S-APPROVE-*, S-ENDORSE-*): each records the hash of the server's own
 * document at that moment, and is current while the content still hashes so.
 */
export function createApprovals(deps: SignoffDeps) {
  const { db, entries, provenance, collab } = deps;
  const now = deps.now ?? Date.now;

  /** The latest approval of each section (S-APPROVE-2: the latest counts, earlier ones are history). */
  async function latestApprovals(entryId: string) {
    const rows = await db
      .selectFrom('section_approvals')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('id', 'asc')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) latest.set(row.section_id, row);
    const actor = await actorLookup(
      db,
      [...latest.values()].map((r) => ({ userId: r.approved_by, organisationId: r.organisation_id })),
    );
    const approvals = new Map<string, SectionApprovalDto & { content: string }>();
    for (const [sectionId, row] of latest) {
      approvals.set(sectionId, {
        contentHash: row.content_hash,
        approvedBy: actor(row.approved_by, row.organisation_id),
        approvedAt: isoTime(row.approved_at),
        content: row.content,
      });
    }
    return approvals;
  }

  /** The latest endorsement of each organisation; `current` when it is for the entry's content now (S-ENDORSE-2). */
  async function latestEndorsements(entryId: string, contentHash: string): Promise<EndorsementDto[]> {
    const rows = await db
      .selectFrom('endorsements')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('id')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) latest.set(row.organisation_id, row);
    const values = [...latest.values()];
    const actor = await actorLookup(
      db,
      values.map((r) => ({ userId: r.endorsed_by, organisationId: r.organisation_id })),
    );
    const organisations = await organisationsById(
      db,
      values.map((r) => r.organisation_id),
    );
    return values.map((row) => ({
      organisation: organisations.get(row.organisation_id) ?? unknownOrganisation(row.organisation_id),
      endorsedBy: actor(row.endorsed_by, row.organisation_id),
      endorsedAt: isoTime(row.endorsed_at),
      contentHash: row.content_hash,
      current: row.content_hash === contentHash,
    }));
  }

  /** Sign-off as the entry view shows it (the caller has authorised the reader). */
  async function view(entryId: string, template: CategoryTemplate): Promise<SignoffView> {
    const read = await deps.summaries.summaryOf(
      entryId,
      template.sections.map((s) => s.id),
    );
    const approvals = await latestApprovals(entryId);
    const sections = new Map<string, { contentHash: string; approval: SectionApprovalDto | null }>();
    for (const [sectionId, hash] of read.sectionHashes) {
      const approval = approvals.get(sectionId);
      sections.set(sectionId, {
        contentHash: hash,
        approval: approval
          ? { contentHash: approval.contentHash, approvedBy: approval.approvedBy, approvedAt: approval.approvedAt }
          : null,
      });
    }
    return {
      contentHash: read.contentHash,
      // Pending suggestions are not content, yet they are a submit condition (issue 14).
      checksKey: read.suggestionsKey === '' ? read.contentHash : `${read.contentHash} ${read.suggestionsKey}`,
      sections,
      endorsements: await latestEndorsements(entryId, read.contentHash),
    };
  }

  /** S-APPROVE-1: a lead approves the section's content as the server's document holds it now. */
  async function approveSection(entryId: string, sectionId: string, userId: string) {
    await entries.authorise(entryId, userId, 'signOff');
    const { template } = await loadEntry(db, entryId);
    const section = template.sections.find((s) => s.id === sectionId);
    if (!section) {
      throw new HttpError(400, ErrorCode.validation, 'This entry has no section with that id.', [
        { path: 'sectionId', message: 'Choose one of the entry’s sections.' },
      ]);
    }
    const read = await collab.readDocument(entryId, (doc) => readSection(doc, sectionId));
    assertApprovable(section, read.words, read.suggestions); // S-APPROVE-4, S-APPROVE-5
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    const at = now();
    await db.transaction().execute(async (trx) => {
      if ((await lockEntryRow(trx, entryId)) !== 'draft') throw submittedConflict(); // S-SUBMIT-5
      await trx
        .insertInto('section_approvals')
        .values({
          entry_id: entryId,
          section_id: sectionId,
          content_hash: read.hash,
          content: JSON.stringify(read.content),
          approved_by: userId,
          organisation_id: actor.organisationId,
          approved_at: at,
        })
        .execute();
      await recordActivity(trx, {
        entryId,
        at,
        actor,
        kind: 'section_approved',
        detail: { sectionId, sectionTitle: section.title, contentHash: read.hash },
      });
      // Approving answers the section's "ready for review" request (issue 14 item 6), in the same transaction.
      await trx
        .deleteFrom('review_requests')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
    });
    const by = await actorLookup(db, [actor]);
    return {
      sectionId,
      status: 'approved' as const,
      contentHash: read.hash,
      approval: { contentHash: read.hash, approvedBy: by(userId, actor.organisationId), approvedAt: isoTime(at) },
    };
  }

  /** S-APPROVE-3: what changed in the section since its latest approval, block by block and word by word. */
  async function approvalDiff(entryId: string, sectionId: string, userId: string): Promise<ApprovalDiffDto> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await loadEntry(db, entryId);
    if (!template.sections.some((s) => s.id === sectionId)) throw notFound('Section');
    const read = await collab.readDocument(entryId, (doc) => readSection(doc, sectionId));
    const approval = (await latestApprovals(entryId)).get(sectionId) ?? null;
    const items = (await provenance.getProvenance(entryId, userId)).items;
    const labels = new Map(items.map((item) => [item.itemId, item.label]));
    const approved = approval ? (JSON.parse(approval.content) as SectionContent) : [];
    return {
      sectionId,
      approval: approval
        ? { contentHash: approval.contentHash, approvedBy: approval.approvedBy, approvedAt: approval.approvedAt }
        : null,
      currentHash: read.hash,
      changed: approval !== null && approval.contentHash !== read.hash,
      ...sectionDiff(approved, read.content, labels),
    };
  }

  /** S-ENDORSE-1: a lead endorses the entry's content now, for the organisation they joined with. */
  async function endorse(entryId: string, userId: string): Promise<EndorsementDto> {
    await entries.authorise(entryId, userId, 'signOff');
    const { template } = await loadEntry(db, entryId);
    const contentHash = await collab.readDocument(entryId, (doc) =>
      entryContentHash(
        doc,
        template.sections.map((s) => s.id),
      ),
    );
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    const at = now();
    await db.transaction().execute(async (trx) => {
      if ((await lockEntryRow(trx, entryId)) !== 'draft') throw submittedConflict(); // S-SUBMIT-5
      await trx
        .insertInto('endorsements')
        .values({
          entry_id: entryId,
          organisation_id: actor.organisationId,
          content_hash: contentHash,
          endorsed_by: userId,
          endorsed_at: at,
        })
        .execute();
      await recordActivity(trx, { entryId, at, actor, kind: 'entry_endorsed', detail: { contentHash } });
    });
    const mine = (await latestEndorsements(entryId, contentHash)).find(
      (e) => e.organisation.id === actor.organisationId,
    );
    if (!mine) throw new Error('endorsement not found after insert');
    return mine;
  }

  return { latestApprovals, latestEndorsements, view, approveSection, approvalDiff, endorse };
}
