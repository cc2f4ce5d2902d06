import {
  type ActivityDto,
  type ActorDto,
  type ApprovalDiffDto,
  canonicalJson,
  checkCitations,
  consentProblems,
  countWords,
  type EndorsementDto,
  type EntryStatus,
  ErrorCode,
  EVIDENCE_MAP,
  entryCitations,
  entryContentHash,
  exhibitLabelIndex,
  itemCollectionIn,
  type OrganisationKind,
  readEvidence,
  readTestimonials,
  type SectionApprovalDto,
  type SectionContent,
  type SubmissionDetailDto,
  type SubmissionDto,
  sectionContent,
  sectionContentHash,
  sectionFragmentIn,
  sectionPlainText,
  sha256Hex,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import { type CategoryTemplate, coverageItems, evaluateCoverage } from '@jointly/templates';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { listActivity, recordActivity } from '../activity/activityLog.ts';
import { lastStoredUpdateId, lockEntryLog, readStoredDocument } from '../collab/docStore.kysely.ts';
import { type HeldDocument, StaleHoldError } from '../collab/roomManager.ts';
import { ACTIVITY_FEED_LIMIT } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { DocumentSummaries } from '../documents/documentSummaries.ts';
import { loadEntry, lockEntryRow } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { SignoffView } from '../entries/entryView.ts';
import { conflict, HttpError, notFound } from '../http/httpError.ts';
import { generateId } from '../ids.ts';
import type { ProvenanceService } from '../provenance/provenanceService.ts';
import { sectionDiff } from './approvalDiff.ts';
import { assertApprovable } from './approvalRules.ts';
import { noLeadMessage, organisationsWithoutLead } from './leadlessOrganisations.ts';

export type SignoffService = ReturnType<typeof createSignoffService>;

export type SignoffDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'listMembers' | 'activityActor'>;
  provenance: Pick<ProvenanceService, 'getProvenance'>;
  collab: {
    readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T>;
    withWritesHeld<T>(entryId: string, run: (doc: Y.Doc, held: HeldDocument) => Promise<T>): Promise<T>;
    entryStatusChanged(entryId: string, status: EntryStatus | null): void;
  };
  /** Section and entry hashes of the document now, kept while it is unchanged (the entry view and dashboard). */
  summaries: Pick<DocumentSummaries, 'summaryOf'>;
  now?: () => number;
};

/** One unmet submit condition, as it travels in the error envelope's `issues`. */
export type SubmitIssue = { path: string; message: string };

const iso = (ms: number) => new Date(Number(ms)).toISOString();

const EMPTY_SECTION_HASH = sha256Hex(canonicalJson([]));

/** A section's content as read from the document (an absent or foreign-typed section is empty). */
type SectionRead = { hash: string; content: SectionContent; text: string; words: number };

function readSection(doc: Y.Doc, sectionId: string): SectionRead {
  const fragment = sectionFragmentIn(doc, sectionId);
  if (!fragment) return { hash: EMPTY_SECTION_HASH, content: [], text: '', words: 0 };
  const text = sectionPlainText(fragment);
  return {
    hash: sectionContentHash(fragment),
    content: sectionContent(fragment),
    text,
    words: countWords(text),
  };
}

function readItems(doc: Y.Doc) {
  const testimonials = itemCollectionIn(doc, TESTIMONIALS_MAP);
  const evidence = itemCollectionIn(doc, EVIDENCE_MAP);
  return {
    testimonials: testimonials ? readTestimonials(testimonials) : [],
    evidence: evidence ? readEvidence(evidence) : [],
  };
}

/** Everything sign-off needs from one read of the document. */
function readEntry(doc: Y.Doc, template: CategoryTemplate) {
  const sections = new Map(template.sections.map((section) => [section.id, readSection(doc, section.id)]));
  return {
    contentHash: entryContentHash(
      doc,
      template.sections.map((section) => section.id),
    ),
    sections,
    ...readItems(doc),
  };
}

/**
 * Review, sign-off and submission (PRODUCT §3 journeys 6–7, §4). Every hash
 * is computed by the server from its own document (live room or store),
 * never taken from a client. Rules cited: S-APPROVE-*, S-ENDORSE-*,
 * S-SUBMIT-*, S-REOPEN-1 (server/SIGNOFF.md).
 */
export function createSignoffService(deps: SignoffDeps) {
  const { db, entries, provenance, collab } = deps;
  const now = deps.now ?? Date.now;

  const entryRow = (entryId: string) => loadEntry(db, entryId);

  /** Locks the entry's row for the transaction (entries/entryLock.ts) and returns its status. */
  const lockEntry = lockEntryRow;

  const submittedConflict = () =>
    conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it before it can change.');

  async function actors(userIds: string[]): Promise<Map<string, { name: string }>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.id, { name: row.name }]));
  }

  async function organisationsById(ids: string[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map<string, { id: string; name: string; kind: OrganisationKind }>();
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'kind'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, kind: row.kind as OrganisationKind }]));
  }

  async function actorDtos(people: { userId: string; organisationId: string }[]) {
    const users = await actors(people.map((p) => p.userId));
    const organisations = await organisationsById(people.map((p) => p.organisationId));
    return (userId: string, organisationId: string): ActorDto => ({
      userId,
      name: users.get(userId)?.name ?? 'Former user',
      organisation: { id: organisationId, name: organisations.get(organisationId)?.name ?? 'Unknown organisation' },
    });
  }

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
    const actor = await actorDtos(
      [...latest.values()].map((r) => ({ userId: r.approved_by, organisationId: r.organisation_id })),
    );
    const approvals = new Map<string, SectionApprovalDto & { content: string }>();
    for (const [sectionId, row] of latest) {
      approvals.set(sectionId, {
        contentHash: row.content_hash,
        approvedBy: actor(row.approved_by, row.organisation_id),
        approvedAt: iso(row.approved_at),
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
    const actor = await actorDtos(values.map((r) => ({ userId: r.endorsed_by, organisationId: r.organisation_id })));
    const organisations = await organisationsById(values.map((r) => r.organisation_id));
    return values.map((row) => ({
      organisation: organisations.get(row.organisation_id) ?? {
        id: row.organisation_id,
        name: 'Unknown organisation',
        kind: 'other',
      },
      endorsedBy: actor(row.endorsed_by, row.organisation_id),
      endorsedAt: iso(row.endorsed_at),
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
      sections,
      endorsements: await latestEndorsements(entryId, read.contentHash),
    };
  }

  /** S-APPROVE-1: a lead approves the section's content as the server's document holds it now. */
  async function approveSection(entryId: string, sectionId: string, userId: string) {
    await entries.authorise(entryId, userId, 'signOff');
    const { template } = await entryRow(entryId);
    const section = template.sections.find((s) => s.id === sectionId);
    if (!section) {
      throw new HttpError(400, ErrorCode.validation, 'This entry has no section with that id.', [
        { path: 'sectionId', message: 'Choose one of the entry’s sections.' },
      ]);
    }
    const read = await collab.readDocument(entryId, (doc) => readSection(doc, sectionId));
    assertApprovable(section, read.words); // S-APPROVE-4
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    const at = now();
    await db.transaction().execute(async (trx) => {
      if ((await lockEntry(trx, entryId)) !== 'draft') throw submittedConflict(); // S-SUBMIT-5
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
    });
    const by = await actorDtos([actor]);
    return {
      sectionId,
      status: 'approved' as const,
      contentHash: read.hash,
      approval: { contentHash: read.hash, approvedBy: by(userId, actor.organisationId), approvedAt: iso(at) },
    };
  }

  /** S-APPROVE-3: what changed in the section since its latest approval, block by block and word by word. */
  async function approvalDiff(entryId: string, sectionId: string, userId: string): Promise<ApprovalDiffDto> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await entryRow(entryId);
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
    const { template } = await entryRow(entryId);
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
      if ((await lockEntry(trx, entryId)) !== 'draft') throw submittedConflict(); // S-SUBMIT-5
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

  /**
   * S-SUBMIT-1: every condition of PRODUCT §3 journey 7 checked against one
   * read of the document; the full list of what is unmet (empty: may submit).
   */
  async function unmetConditions(
    entryId: string,
    userId: string,
    template: CategoryTemplate,
    doc: Y.Doc,
  ): Promise<{ issues: SubmitIssue[]; contentHash: string }> {
    const read = readEntry(doc, template);
    const approvals = await latestApprovals(entryId);
    const issues: SubmitIssue[] = [];

    for (const section of template.sections) {
      const current = read.sections.get(section.id)!;
      const approval = approvals.get(section.id);
      if (!approval) {
        issues.push({ path: `sections.${section.id}.approval`, message: `“${section.title}” has not been approved.` });
      } else if (approval.contentHash !== current.hash) {
        issues.push({
          path: `sections.${section.id}.approval`,
          message: `“${section.title}” has changed since it was approved.`,
        });
      }
      if (current.words > section.wordLimit) {
        issues.push({
          path: `sections.${section.id}.words`,
          message: `“${section.title}” has ${current.words} words; the limit is ${section.wordLimit}.`,
        });
      }
    }

    const members = await entries.listMembers(entryId);
    const organisations = new Map(members.map((m) => [m.organisation.id, m.organisation]));
    const itemProvenance = (await provenance.getProvenance(entryId, userId)).items;
    // Chips and references typed as text ("see E4"), mapped to items by the labels the server assigned.
    const citations = entryCitations(
      doc,
      template.sections.map((section) => section.id),
      exhibitLabelIndex(itemProvenance),
    );
    const coverage = evaluateCoverage(template, {
      ...coverageItems(read.testimonials, read.evidence, itemProvenance),
      citations,
      organisations: [...organisations.values()].map((o) => ({ id: o.id, name: o.name })),
    });
    for (const rule of coverage.entry) {
      if (!rule.met)
        issues.push({ path: `coverage.${rule.ruleId}`, message: `${rule.description} Missing: ${rule.missing}.` });
    }
    for (const section of coverage.sections) {
      for (const rule of section.rules) {
        if (rule.met) continue;
        issues.push({
          path: `coverage.${section.sectionId}.${rule.ruleId}`,
          message: `“${section.title}”: ${rule.description} Missing: ${rule.missing}.`,
        });
      }
    }

    for (const testimonial of read.testimonials) {
      const problems = consentProblems(testimonial);
      if (problems.length === 0) continue;
      const who = testimonial.personName.trim() || 'a testimonial';
      issues.push({
        path: `testimonials.${testimonial.id}.consent`,
        message: `Consent for ${who}: ${problems.map((p) => p.message).join('; ')}.`,
      });
    }

    const endorsements = await latestEndorsements(entryId, read.contentHash);
    const leadless = new Set(organisationsWithoutLead(members).map((o) => o.id));
    for (const organisation of organisations.values()) {
      const endorsement = endorsements.find((e) => e.organisation.id === organisation.id);
      if (!endorsement?.current && leadless.has(organisation.id)) {
        // S-ENDORSE-3: say what would let it endorse, not only that it has not.
        issues.push({ path: `endorsements.${organisation.id}`, message: noLeadMessage(organisation.name) });
      } else if (!endorsement) {
        issues.push({
          path: `endorsements.${organisation.id}`,
          message: `${organisation.name} has not endorsed the entry.`,
        });
      } else if (!endorsement.current) {
        issues.push({
          path: `endorsements.${organisation.id}`,
          message: `${organisation.name} endorsed an earlier version; the entry has changed since.`,
        });
      }
    }

    const labels = new Map(itemProvenance.map((item) => [item.itemId, item.label]));
    const report = checkCitations({
      citations,
      itemIds: [...read.testimonials, ...read.evidence].map((item) => item.id),
      deletedItemIds: itemProvenance.filter((item) => item.deleted).map((item) => item.itemId),
    });
    for (const broken of report.broken) {
      const title = template.sections.find((s) => s.id === broken.sectionId)?.title ?? broken.sectionId;
      const label = labels.get(broken.itemId);
      issues.push({
        path: `sections.${broken.sectionId}.citations`,
        message:
          broken.reason === 'deleted'
            ? `“${title}” cites ${label ?? 'an exhibit'} which has been deleted.`
            : broken.label
              ? `“${title}” cites ${broken.label}, but no exhibit has that label.`
              : `“${title}” cites an exhibit that does not exist.`,
      });
    }
    return { issues, contentHash: read.contentHash };
  }

  async function submissionDto(row: {
    version: number;
    content_hash: string;
    submitted_by: string;
    organisation_id: string;
    submitted_at: number;
  }): Promise<SubmissionDto> {
    const actor = await actorDtos([{ userId: row.submitted_by, organisationId: row.organisation_id }]);
    return {
      version: Number(row.version),
      contentHash: row.content_hash,
      submittedBy: actor(row.submitted_by, row.organisation_id),
      submittedAt: iso(row.submitted_at),
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
    const { status, template } = await entryRow(entryId);
    if (status !== 'draft') throw submittedConflict();
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');

    try {
      return await submitHeld(entryId, userId, idempotencyKey, template, actor);
    } catch (err) {
      if (!(err instanceof StaleHoldError)) throw err;
      throw conflict(ErrorCode.conflict, 'The entry is still changing. Try submitting again in a moment.');
    }
  }

  /**
   * S-SUBMIT-7: the unmet conditions now, without submitting, for any member
   * (the page shows them and refreshes them on every change).
   */
  async function submitConditions(entryId: string, userId: string): Promise<{ met: boolean; issues: SubmitIssue[] }> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await entryRow(entryId);
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
        // The log lock first (as appends take it), so a compaction cannot tear the read below.
        await lockEntryLog(trx, entryId);
        if ((await lockEntry(trx, entryId)) !== 'draft') {
          // A concurrent request submitted first: the same key gets its submission, anything else 409.
          const existing = idempotencyKey ? await submissionByKey(entryId, idempotencyKey) : undefined;
          if (existing) return { existing };
          throw submittedConflict();
        }
        // Under the entry's lock no more updates can be stored (C-SCALE-7). Another process may
        // have stored some the held document lacks: it catches up, and if that changed the content
        // checked above, the submission runs again on the newer document.
        if ((await lastStoredUpdateId(trx, entryId)) > held.lastUpdateId) {
          held.catchUp(await readStoredDocument(trx, entryId));
          if (readEntry(doc, template).contentHash !== contentHash) throw new StaleHoldError(entryId);
        }
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
      if ((await lockEntry(trx, entryId)) !== 'submitted') {
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
    const { template } = await entryRow(entryId);
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

  async function activity(entryId: string, userId: string): Promise<ActivityDto[]> {
    await entries.authorise(entryId, userId, 'read');
    return listActivity(db, entryId, ACTIVITY_FEED_LIMIT);
  }

  return {
    view,
    approveSection,
    approvalDiff,
    endorse,
    submit,
    submitConditions,
    reopen,
    listSubmissions,
    getSubmission,
    loadVersionState,
    activity,
  };
}
