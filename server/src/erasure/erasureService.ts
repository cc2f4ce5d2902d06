import {
  can,
  type ErasureDto,
  type ErasureKind,
  type ErasureRequestBody,
  ErrorCode,
  SYSTEM_ACTOR_ID,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { recordActivity } from '../activity/activityLog.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { LOAD_ORIGIN } from '../collab/docStore.ts';
import type { HeldEntryDocument } from '../collab/heldEntryDocument.ts';
import { claimClientId, copyOf, rewriteStoredDocument, transactAs } from '../collab/rewriteStoredDocument.ts';
import type { Database } from '../db/schema.ts';
import { loadEntry, lockEntryRow } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import type { BlobStore } from '../files/blobStore.ts';
import { conflict, forbidden, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { Notified, NotifyInput } from '../notifications/notifyMembers.ts';
import { erasureDto, selectErasures } from './erasureRows.ts';
import { reattestVersions, redactConsentRecord, redactLibraryCopies, removeFiles } from './redactStoredRecords.ts';
import { redactTestimonial, testimonialMap } from './redactTestimonial.ts';

export type ErasureService = ReturnType<typeof createErasureService>;

export type ErasureDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  collab: {
    withWritesHeld<T>(entryId: string, run: (doc: Y.Doc, held: HeldEntryDocument) => Promise<T>): Promise<T>;
  };
  blobs: Pick<BlobStore, 'delete'>;
  notificationCore: {
    notify(executor: Kysely<Database>, input: NotifyInput): Promise<Notified>;
    announce(n: Notified): void;
  };
  /** `documentRewritten` after the commit: every process's room of the entry is dropped, its sockets resync. */
  events: Pick<EventBus, 'publish'>;
  logger: Pick<Logger, 'info' | 'error'>;
  now?: () => number;
};

/** Who erases: a lead (request) or the retention period (no person). */
type Eraser = { kind: ErasureKind; reason: string; actor: { userId: string; organisationId: string } | null };

/**
 * Erasure of a testimonial's subject (issue 18 item 2, RELIABILITY M80). With
 * the entry's client writes held (C-HOLD-1), in ONE transaction under the
 * entry's log and row locks: the live document's redaction is made on a
 * copy and the store's snapshot and log replaced by the copy's state (so no
 * stored row keeps the erased bytes); every submitted version is redacted and
 * re-attested; the person's consent record, their files and the library's
 * copies are redacted; the erasure, an activity line, an audit record and the
 * leads' notifications are written. Only after the commit does the live
 * document take the same change (not stored or relayed again: it is what the
 * store now holds), the entry's sockets close 4101 so pages resync, and the
 * blobs nobody cites go.
 */
export function createErasureService(deps: ErasureDeps) {
  const { db, entries, collab, notificationCore } = deps;
  const now = deps.now ?? Date.now;

  /** POST /api/entries/:id/erasures: leads only (contributors and viewers 403, others 404). */
  async function request(entryId: string, userId: string, body: ErasureRequestBody): Promise<ErasureDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    if (!can(role, 'signOff')) throw forbidden('Only a lead of this entry can erase a person’s data.');
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    return erase(entryId, body.itemId, { kind: 'request', reason: body.reason.trim(), actor });
  }

  /** GET /api/entries/:id/erasures: every member reads the record (it names no personal data). */
  async function list(entryId: string, userId: string): Promise<{ erasures: ErasureDto[] }> {
    await entries.authorise(entryId, userId, 'read');
    const rows = await selectErasures(db, entryId);
    return { erasures: await erasureDto(db, rows) };
  }

  /** The testimonials of the entry not yet erased, in the live document (retention erases each). */
  async function unerasedTestimonials(entryId: string): Promise<string[]> {
    const done = new Set((await selectErasures(db, entryId)).map((r) => r.item_id));
    const ids = await collab.withWritesHeld(entryId, async (doc) => [...doc.getMap('testimonials').keys()]);
    return ids.filter((id) => !done.has(id));
  }

  async function erase(entryId: string, itemId: string, eraser: Eraser): Promise<ErasureDto> {
    const { template } = await loadEntry(db, entryId);
    const result = await collab.withWritesHeld(entryId, async (doc, held) => {
      const at = now();
      let liveUpdate: Uint8Array | null = null;
      const outcome = await db.transaction().execute(async (trx) => {
        await held.lockLog(trx);
        if ((await lockEntryRow(trx, entryId)) === null) throw notFound('Entry');
        await held.catchUpUnderLock(trx);
        const already = await trx
          .selectFrom('erasures')
          .select('id')
          .where('entry_id', '=', entryId)
          .where('item_id', '=', itemId)
          .executeTakeFirst();
        if (already)
          throw conflict(ErrorCode.alreadyErased, 'This person’s data was erased from this testimonial already.');
        const userId = eraser.actor?.userId ?? SYSTEM_ACTOR_ID;
        const clientId = await claimClientId(trx, entryId, doc, userId, at);

        // The live document: redacted on a copy first, so a failure below leaves the room untouched.
        const fields = new Set<string>();
        const fileIds = new Set<string>();
        const consentIds = new Set<string>();
        // Always rewritten, even when the testimonial is no longer in the document (removed after a
        // submission): the log may still hold its values from before; the collected state does not.
        {
          const copy = copyOf(doc);
          try {
            copy.on('update', (update: Uint8Array) => {
              liveUpdate = update;
            });
            let redaction: ReturnType<typeof redactTestimonial> = null;
            transactAs(copy, clientId, () => {
              redaction = redactTestimonial(copy, itemId);
            });
            const done = redaction as ReturnType<typeof redactTestimonial>;
            for (const f of done?.fields ?? []) fields.add(f);
            for (const f of done?.fileIds ?? []) fileIds.add(f);
            if (done?.consentRecordId) consentIds.add(done.consentRecordId);
            await rewriteStoredDocument(trx, entryId, Y.encodeStateAsUpdate(copy), at);
          } finally {
            copy.destroy();
          }
        }
        if (eraser.actor && testimonialMap(doc, itemId)) {
          // The change is the lead's in the item's provenance ("Changed by"), as a socket's write would be.
          await trx
            .insertInto('contributions')
            .values({
              entry_id: entryId,
              user_id: eraser.actor.userId,
              organisation_id: eraser.actor.organisationId,
              sections: '[]',
              items: JSON.stringify([{ collection: 'testimonials', itemId, action: 'changed' }]),
              created_at: at,
            })
            .execute();
        }
        const reattested = await reattestVersions(trx, entryId, itemId, template, clientId);
        // Neither the document nor any version holds it: nothing is changed (the transaction rolls back).
        if (!testimonialMap(doc, itemId) && !reattested.found) throw notFound('Testimonial');
        for (const f of reattested.fields) fields.add(f);
        for (const f of reattested.fileIds) fileIds.add(f);
        for (const c of reattested.consentRecordIds) consentIds.add(c);

        const fileEntries = new Set([entryId]);
        let consentRecordId: string | null = null;
        for (const consentId of consentIds) {
          const record = await redactConsentRecord(trx, consentId);
          if (!record) continue;
          consentRecordId = consentId;
          for (const f of record.fields) fields.add(f);
          for (const f of record.fileIds) fileIds.add(f);
          const row = await trx
            .selectFrom('consent_records')
            .select('entry_id')
            .where('id', '=', consentId)
            .executeTakeFirst();
          if (row) fileEntries.add(row.entry_id);
        }
        const libraryShas = await redactLibraryCopies(trx, entryId, itemId);
        const files = await removeFiles(trx, [...fileEntries], [...fileIds], libraryShas);

        const id = generateId();
        await trx
          .insertInto('erasures')
          .values({
            id,
            entry_id: entryId,
            item_id: itemId,
            kind: eraser.kind,
            reason: eraser.reason,
            erased_by: eraser.actor?.userId ?? null,
            organisation_id: eraser.actor?.organisationId ?? null,
            erased_at: at,
            fields: JSON.stringify([...fields]),
            consent_record_id: consentRecordId,
            files_removed: files.removed,
            versions: JSON.stringify(reattested.versions),
          })
          .execute();
        const label = await trx
          .selectFrom('exhibit_labels')
          .select('number')
          .where('entry_id', '=', entryId)
          .where('item_id', '=', itemId)
          .executeTakeFirst();
        await recordActivity(trx, {
          entryId,
          at,
          actor: eraser.actor,
          kind: 'personal_data_erased',
          detail: { itemId, label: label ? `E${label.number}` : null, kind: eraser.kind },
        });
        if (eraser.actor) {
          await recordAudit(trx, {
            organisationId: eraser.actor.organisationId,
            actorId: eraser.actor.userId,
            action: 'entry.personal_data_erased',
            detail: { entryId, itemId, versions: reattested.versions.length },
            at,
          });
        }
        const leads = await trx
          .selectFrom('memberships')
          .select('user_id')
          .where('entry_id', '=', entryId)
          .where('role', '=', 'lead')
          .execute();
        const notified = await notificationCore.notify(trx, {
          kind: 'personal_data_erased',
          entryId,
          recipients: leads.map((l) => l.user_id),
          actorId: userId,
          ref: id,
        });
        return { id, orphans: files.orphans, notified };
      });
      // Committed: the live document takes the change the store now holds (neither stored nor relayed again).
      if (liveUpdate) Y.applyUpdate(doc, liveUpdate, LOAD_ORIGIN);
      return outcome;
    });
    notificationCore.announce(result.notified);
    // Every process drops its room (its memory may hold the person) and the sockets resync (4101).
    deps.events.publish('documentRewritten', { entryId });
    deps.events.publish('entryChanged', { entryId, kind: 'signoff' });
    for (const sha of result.orphans) {
      try {
        await deps.blobs.delete(sha);
      } catch (err) {
        deps.logger.error('erasure: a blob could not be deleted', { entryId, sha256: sha, err });
      }
    }
    const [row] = await selectErasures(db, entryId, result.id);
    const [dto] = await erasureDto(db, row ? [row] : []);
    return dto!;
  }

  return { request, list, erase, unerasedTestimonials };
}
