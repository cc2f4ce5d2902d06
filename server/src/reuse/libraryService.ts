import {
  type ConsentProblem,
  consentProblems,
  ErrorCode,
  EVIDENCE_MAP,
  type ItemCollection,
  type LibraryItemDto,
  newItemId,
  readTestimonialFields,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import type { ActorWrite } from '../collab/ActorWrite.ts';
import { type DocStore, EntryNotWritableError } from '../collab/docStore.ts';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { fileIdsOf, plainItem } from './copiedDocument.ts';
import { libraryItemsOf } from './libraryReads.ts';

export type LibraryService = ReturnType<typeof createLibraryService>;

type Caller = { userId: string; organisationId: string };

/** Replaces the file ids an item's fields cite (evidence `files`, a consent's `forms`) through `map`. */
function withFiles(collection: ItemCollection, fields: Record<string, unknown>, map: (id: string) => string | null) {
  const mapped = (ids: unknown) =>
    Array.isArray(ids) ? ids.flatMap((id) => (typeof id === 'string' && map(id)) || []) : ids;
  const copy = { ...fields };
  if (collection === EVIDENCE_MAP) copy.files = mapped(fields.files);
  else if (copy.consent !== null && typeof copy.consent === 'object') {
    const consent = { ...(copy.consent as Record<string, unknown>) };
    if ('forms' in consent) consent.forms = mapped(consent.forms);
    copy.consent = consent;
  }
  return copy;
}

/**
 * The organisation's library of approved testimonials and evidence (issue 17 item 3).
 * - Put in: by a lead or contributor of the entry who is of the organisation that contributed
 *   the item (its creator's, or the organisation its origin names), once a section it supports is
 *   approved as it stands or the entry is submitted. The fields are kept (not the sections) with
 *   the files' details over the same stored bytes; once per item and organisation.
 * - Used: by a lead or contributor of a draft entry, who is of the library's organisation: the
 *   item is written into the entry's live document on their behalf (a new item id, new file rows
 *   over the same bytes), its origin recorded (`via: 'library'`) and the use listed. Consent is
 *   checked again for the new use by the entry's own checks (flagged, not refused), and the
 *   answer says at once what is lacking.
 */
export function createLibraryService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  store: Pick<DocStore, 'listContributions'>;
  readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** Sections whose approval matches their content now (the sign-off service). */
  approvedSections(entryId: string, categoryId: string): Promise<ReadonlySet<string>>;
  writeAs(entryId: string, write: Omit<ActorWrite, 'settle'>): Promise<void>;
  entryFilesMaxBytes: number;
  now?: () => number;
}) {
  const { db, entries } = deps;
  const now = deps.now ?? Date.now;

  /** The organisation that contributed the item: the origin's when it came from elsewhere, else its creator's. */
  async function contributorOf(
    entryId: string,
    itemId: string,
  ): Promise<{ userId: string | null; organisationId: string | null }> {
    const origin = await db
      .selectFrom('item_origins')
      .select(['contributed_by', 'contributed_by_organisation_id'])
      .where('entry_id', '=', entryId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (origin) return { userId: origin.contributed_by, organisationId: origin.contributed_by_organisation_id };
    for (const contribution of await deps.store.listContributions(entryId)) {
      if (contribution.items.some((i) => i.itemId === itemId && i.action === 'created')) return contribution;
    }
    return { userId: null, organisationId: null };
  }

  async function addToLibrary(entryId: string, itemId: string, caller: Caller): Promise<LibraryItemDto> {
    await entries.authorise(entryId, caller.userId, 'edit');
    const entry = await db
      .selectFrom('entries')
      .select(['title', 'category_id', 'status'])
      .where('id', '=', entryId)
      .executeTakeFirstOrThrow();
    const found = await deps.readDocument(entryId, (doc) => {
      for (const collection of [TESTIMONIALS_MAP, EVIDENCE_MAP] as const) {
        const fields = plainItem(doc, collection, itemId);
        if (fields) return { collection, fields };
      }
      return null;
    });
    if (!found) throw notFound('Item');
    const contributor = await contributorOf(entryId, itemId);
    if (contributor.organisationId !== caller.organisationId) {
      throw forbidden('Only members of the organisation that contributed an item can put it in their library.');
    }
    if (entry.status !== 'submitted') {
      const approved = await deps.approvedSections(entryId, entry.category_id);
      const sections = Array.isArray(found.fields.sectionIds) ? found.fields.sectionIds : [];
      if (!sections.some((id) => approved.has(String(id)))) {
        throw conflict(
          ErrorCode.conflict,
          'Only approved items go in the library: approve a section this item supports first.',
        );
      }
    }
    const fileIds = fileIdsOf(found.collection, found.fields);
    const files =
      fileIds.length > 0
        ? await db
            .selectFrom('entry_files')
            .selectAll()
            .where('entry_id', '=', entryId)
            .where('id', 'in', fileIds)
            .execute()
        : [];
    const id = generateId();
    const { sectionIds: _sections, ...kept } = found.fields;
    await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('library_items')
        .select('id')
        .where('organisation_id', '=', caller.organisationId)
        .where('source_entry_id', '=', entryId)
        .where('source_item_id', '=', itemId)
        .executeTakeFirst();
      if (existing) throw conflict(ErrorCode.conflict, 'This item is already in your organisation’s library.');
      await trx
        .insertInto('library_items')
        .values({
          id,
          organisation_id: caller.organisationId,
          collection: found.collection,
          fields: JSON.stringify(kept),
          source_entry_id: entryId,
          source_item_id: itemId,
          source_entry_title: entry.title,
          contributed_by: contributor.userId,
          added_by: caller.userId,
          added_at: now(),
        })
        .execute();
      if (files.length > 0) {
        await trx
          .insertInto('library_item_files')
          .values(
            files.map((f) => ({
              library_item_id: id,
              file_id: f.id,
              sha256: f.sha256,
              name: f.name,
              mime: f.mime,
              kind: f.kind,
              size: f.size,
              pages: f.pages,
              uploaded_by: f.uploaded_by,
              uploaded_by_organisation: f.uploaded_by_organisation,
              uploaded_at: f.uploaded_at,
            })),
          )
          .execute();
      }
    });
    const [dto] = await libraryItemsOf(db, caller, [id]);
    if (!dto) throw new Error(`library item ${id} not read back`);
    return dto;
  }

  /** Confirmed members of the organisation read its library; anyone else is answered 404. */
  async function listLibrary(organisationId: string, caller: Caller): Promise<LibraryItemDto[]> {
    const me = await db
      .selectFrom('users')
      .select(['organisation_id', 'organisation_status'])
      .where('id', '=', caller.userId)
      .executeTakeFirst();
    if (me?.organisation_id !== organisationId || me.organisation_status !== 'confirmed')
      throw notFound('Organisation');
    return libraryItemsOf(db, caller);
  }

  async function useLibraryItem(
    entryId: string,
    libraryItemId: string,
    caller: Caller,
  ): Promise<{ itemId: string; collection: ItemCollection; consentProblems: ConsentProblem[] }> {
    await entries.authorise(entryId, caller.userId, 'edit');
    const item = await db
      .selectFrom('library_items')
      .selectAll()
      .where('id', '=', libraryItemId)
      .where('organisation_id', '=', caller.organisationId)
      .executeTakeFirst();
    if (!item) throw notFound('Library item');
    const entry = await db.selectFrom('entries').select('status').where('id', '=', entryId).executeTakeFirstOrThrow();
    if (entry.status !== 'draft') {
      throw conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it first.');
    }
    const files = await db
      .selectFrom('library_item_files')
      .selectAll()
      .where('library_item_id', '=', item.id)
      .execute();
    const used = await db
      .selectFrom('entry_files')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('used'))
      .where('entry_id', '=', entryId)
      .executeTakeFirstOrThrow();
    if (Number(used.used) + files.reduce((sum, f) => sum + Number(f.size), 0) > deps.entryFilesMaxBytes) {
      throw new HttpError(
        413,
        ErrorCode.entryQuotaExceeded,
        'This entry has not enough room left for the item’s files.',
      );
    }
    const collection = item.collection as ItemCollection;
    const newFileIds = new Map(files.map((f) => [f.file_id, generateId()]));
    const fields = withFiles(
      collection,
      JSON.parse(item.fields) as Record<string, unknown>,
      (id) => newFileIds.get(id) ?? null,
    );
    fields.sectionIds = [];
    const itemId = newItemId();
    const at = now();
    // The rows first: the item is written only once the files it cites exist in the entry.
    await db.transaction().execute(async (trx) => {
      if (files.length > 0) {
        await trx
          .insertInto('entry_files')
          .values(
            files.map((f) => ({
              id: newFileIds.get(f.file_id) as string,
              entry_id: entryId,
              sha256: f.sha256,
              name: f.name,
              mime: f.mime,
              kind: f.kind,
              size: f.size,
              pages: f.pages,
              uploaded_by: f.uploaded_by,
              uploaded_by_organisation: f.uploaded_by_organisation,
              uploaded_at: f.uploaded_at,
            })),
          )
          .execute();
      }
      const organisation = await trx
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', item.organisation_id)
        .executeTakeFirst();
      await trx
        .insertInto('item_origins')
        .values({
          entry_id: entryId,
          item_id: itemId,
          collection,
          origin_entry_id: item.source_entry_id,
          origin_entry_title: item.source_entry_title,
          contributed_by: item.contributed_by,
          contributed_by_organisation_id: item.organisation_id,
          contributed_by_organisation_name: organisation?.name ?? null,
          via: 'library',
          copied_by: caller.userId,
          copied_by_organisation_id: caller.organisationId,
          copied_at: at,
        })
        .execute();
      await trx
        .insertInto('library_item_uses')
        .values({ library_item_id: item.id, entry_id: entryId, item_id: itemId, used_by: caller.userId, used_at: at })
        .execute();
    });
    try {
      await deps.writeAs(entryId, {
        actor: caller,
        plan: (doc) => () => {
          const written = new Y.Map<unknown>();
          doc.getMap(collection).set(itemId, written);
          for (const [key, value] of Object.entries(fields)) if (value !== undefined) written.set(key, value);
        },
      });
    } catch (err) {
      // Not written (submitted meanwhile, or the store refused): nothing of the use stays.
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('library_item_uses')
          .where('entry_id', '=', entryId)
          .where('item_id', '=', itemId)
          .execute();
        await trx.deleteFrom('item_origins').where('entry_id', '=', entryId).where('item_id', '=', itemId).execute();
        const ids = [...newFileIds.values()];
        if (ids.length > 0) await trx.deleteFrom('entry_files').where('id', 'in', ids).execute();
      });
      if (err instanceof EntryNotWritableError) {
        throw conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it first.');
      }
      throw err;
    }
    return {
      itemId,
      collection,
      consentProblems: collection === TESTIMONIALS_MAP ? consentProblems(readTestimonialFields(fields)) : [],
    };
  }

  return { addToLibrary, listLibrary, useLibraryItem };
}
