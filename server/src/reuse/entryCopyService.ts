import { type CopyEntryBody, ErrorCode, type ItemCollection, type Role } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { recordActivity } from '../activity/activityLog.ts';
import { resolveCategory } from '../categories/categoryResolver.ts';
import { mayUseCategory } from '../categories/customCategoryAccess.ts';
import { applyStoredDocument, type DocStore } from '../collab/docStore.ts';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import { HttpError } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { buildCopiedDocument, fileIdsOf, itemIdsOf, plainItem } from './copiedDocument.ts';

export type EntryCopyService = ReturnType<typeof createEntryCopyService>;

type Issue = { path: string; message: string };
const invalid = (message: string, issues: Issue[]) => new HttpError(400, ErrorCode.validation, message, issues);

/**
 * Copying an entry into another category or next year's programme (issue 17 item 3).
 *
 * Who: a lead of the source entry (an outsider 404, any other member 403), nothing created
 * otherwise. What: a new draft entry led by the caller, for the caller's organisation, with the
 * source's other members added in the roles they hold there (they joined this partnership's entry
 * by accepting an invitation; a lead can remove them as from any entry). The new document is
 * built on the server from the source's stored one and stored, with its contribution and exhibit
 * labels, before the entry exists, so it is durable before anyone can connect. Files cited by the
 * carried items get new rows pointing at the same stored bytes (blobs are immutable and never
 * deleted), and each item's origin ("first contributed by … in entry …") is recorded in
 * `item_origins`. Nothing is dropped for the new category: consent, evidence dates, citations
 * and word limits are judged by the new entry's checks against its category, as for any entry.
 */
export function createEntryCopyService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  store: Pick<DocStore, 'loadDocument' | 'appendUpdates' | 'listExhibitLabels' | 'listContributions'>;
  entryFilesMaxBytes: number;
  now?: () => number;
}) {
  const { db, entries, store } = deps;
  const now = deps.now ?? Date.now;

  /** The map's problems, each naming its key: unknown target sections, unknown source sections. */
  function sectionMapIssues(map: CopyEntryBody['sectionMap'], source: CategoryTemplate, target: CategoryTemplate) {
    const targets = new Set(target.sections.map((s) => s.id));
    const sources = new Set(source.sections.map((s) => s.id));
    const issues: Issue[] = [];
    for (const [key, from] of Object.entries(map)) {
      if (!targets.has(key)) {
        issues.push({ path: `sectionMap.${key}`, message: `“${key}” is not a section of ${target.name}.` });
      } else if (from !== null && !sources.has(from)) {
        issues.push({ path: `sectionMap.${key}`, message: `“${from}” is not a section of the entry being copied.` });
      }
    }
    return issues;
  }

  async function copyEntry(
    sourceId: string,
    body: CopyEntryBody,
    caller: { userId: string; organisationId: string },
    /** Runs after the checks, before anything is stored; throws to refuse (the rate limits). */
    admit: () => Promise<void> = async () => {},
  ): Promise<string> {
    await entries.authorise(sourceId, caller.userId, 'manageMembers');
    const source = await db
      .selectFrom('entries')
      .select(['title', 'category_id'])
      .where('id', '=', sourceId)
      .executeTakeFirstOrThrow();
    // The source's category as its members read it; the target one the caller may use for a new
    // entry (a shipped one, or a custom one visible to them in its current version), as createEntry.
    const sourceTemplate = await resolveCategory(db, source.category_id);
    const target = (await mayUseCategory(db, body.categoryId, caller.userId))
      ? await resolveCategory(db, body.categoryId)
      : undefined;
    if (!target) {
      throw invalid('There is no award category with that id.', [
        { path: 'categoryId', message: 'Choose one of the award categories.' },
      ]);
    }
    const issues = sourceTemplate ? sectionMapIssues(body.sectionMap, sourceTemplate, target) : [];
    if (issues.length > 0) throw invalid('The section map names sections that do not exist.', issues);

    const sourceDoc = applyStoredDocument(new Y.Doc({ gc: true }), await store.loadDocument(sourceId));
    const present = itemIdsOf(sourceDoc);
    const wanted = body.items ? new Set(body.items) : null;
    if (wanted) {
      const known = new Set(present.map((item) => item.itemId));
      const unknown = (body.items ?? []).flatMap((id, index) =>
        known.has(id) ? [] : [{ path: `items.${index}`, message: `“${id}” is not an item of the entry being copied.` }],
      );
      if (unknown.length > 0) throw invalid('Some items are not in the entry being copied.', unknown);
    }
    // Carried in the order of their source exhibit labels, so E1, E2, … keep their order.
    const labelOf = new Map((await store.listExhibitLabels(sourceId)).map((l) => [l.itemId, l.number]));
    const carried = present
      .filter((item) => !wanted || wanted.has(item.itemId))
      .sort((a, b) => (labelOf.get(a.itemId) ?? Infinity) - (labelOf.get(b.itemId) ?? Infinity));

    // Files the carried items cite: new rows in the new entry over the same stored bytes.
    const citedFiles = [
      ...new Set(
        carried.flatMap(({ collection, itemId }) =>
          fileIdsOf(collection, plainItem(sourceDoc, collection, itemId) ?? {}),
        ),
      ),
    ];
    const fileRows =
      citedFiles.length > 0
        ? await db
            .selectFrom('entry_files')
            .selectAll()
            .where('entry_id', '=', sourceId)
            .where('id', 'in', citedFiles)
            .execute()
        : [];
    const bytes = fileRows.reduce((sum, row) => sum + Number(row.size), 0);
    if (bytes > deps.entryFilesMaxBytes) {
      throw new HttpError(
        413,
        ErrorCode.entryQuotaExceeded,
        'The chosen items’ files are more than an entry may hold.',
      );
    }
    const fileIds = new Map(fileRows.map((row) => [row.id, generateId()]));

    const origins = await originsOf(sourceId, source.title, carried);
    await admit();
    const id = generateId();
    const at = now();
    const copied = buildCopiedDocument(sourceDoc, {
      sections: new Map(Object.entries(body.sectionMap).flatMap(([t, s]) => (s === null ? [] : [[t, s]]))),
      items: carried,
      files: fileIds,
    });
    // Stored first: the entry (and its id) exists for nobody until the rows below commit, so the
    // first connection finds the whole copy. A failure below leaves only unreachable bytes.
    await store.appendUpdates(id, {
      updates: [Y.encodeStateAsUpdate(copied.doc)],
      contributions: [
        {
          ...caller,
          sections: copied.sections,
          items: copied.items.map((item) => ({ ...item, action: 'created' as const })),
          createdAt: at,
        },
      ],
      clients: [{ clientId: copied.doc.clientID, userId: caller.userId }],
      createdAt: at,
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('entries')
        .values({
          id,
          title: body.title,
          category_id: target.id,
          lead_organisation_id: caller.organisationId,
          created_by: caller.userId,
          status: 'draft',
          created_at: at,
        })
        .execute();
      const members = await trx
        .selectFrom('memberships')
        .select(['user_id', 'organisation_id', 'role'])
        .where('entry_id', '=', sourceId)
        .where('user_id', '!=', caller.userId)
        .execute();
      await trx
        .insertInto('memberships')
        .values([
          {
            entry_id: id,
            user_id: caller.userId,
            organisation_id: caller.organisationId,
            role: 'lead',
            created_at: at,
          },
          ...members.map((m) => ({
            entry_id: id,
            user_id: m.user_id,
            organisation_id: m.organisation_id,
            role: m.role as Role,
            created_at: at,
          })),
        ])
        .execute();
      if (fileRows.length > 0) {
        await trx
          .insertInto('entry_files')
          .values(fileRows.map((row) => ({ ...row, id: fileIds.get(row.id) as string, entry_id: id })))
          .execute();
      }
      // A copied testimonial keeps its consent record (issue 18: one consent, wherever it is used):
      // the new entry uses the records the source used, so a withdrawal reaches the copy too.
      const consentIds = carried.flatMap(({ collection, itemId }) => {
        const recordId =
          collection === 'testimonials' ? plainItem(sourceDoc, collection, itemId)?.consentRecordId : null;
        return typeof recordId === 'string' ? [recordId] : [];
      });
      if (consentIds.length > 0) {
        const used = await trx
          .selectFrom('consent_record_entries')
          .select('consent_id')
          .where('entry_id', '=', sourceId)
          .where('consent_id', 'in', [...new Set(consentIds)])
          .execute();
        if (used.length > 0) {
          await trx
            .insertInto('consent_record_entries')
            .values(
              used.map((u) => ({ consent_id: u.consent_id, entry_id: id, linked_by: caller.userId, linked_at: at })),
            )
            .execute();
        }
      }
      if (origins.length > 0) {
        await trx
          .insertInto('item_origins')
          .values(
            origins.map((origin) => ({
              ...origin,
              entry_id: id,
              via: 'copy',
              copied_by: caller.userId,
              copied_by_organisation_id: caller.organisationId,
              copied_at: at,
            })),
          )
          .execute();
      }
      await recordActivity(trx, {
        entryId: id,
        at,
        actor: caller,
        kind: 'entry_created',
        detail: { title: body.title, categoryId: target.id, copiedFrom: { entryId: sourceId, title: source.title } },
      });
    });
    return id;
  }

  /**
   * Each carried item's first contribution: the origin the source recorded when the item itself
   * came from elsewhere, else its creation in the source's contribution log (the server's record).
   */
  async function originsOf(
    sourceId: string,
    sourceTitle: string,
    carried: readonly { collection: ItemCollection; itemId: string }[],
  ) {
    if (carried.length === 0) return [];
    const earlier = new Map(
      (await db.selectFrom('item_origins').selectAll().where('entry_id', '=', sourceId).execute()).map((row) => [
        row.item_id,
        row,
      ]),
    );
    const creators = new Map<string, { userId: string; organisationId: string }>();
    for (const contribution of await store.listContributions(sourceId)) {
      for (const item of contribution.items) {
        if (item.action === 'created' && !creators.has(item.itemId)) creators.set(item.itemId, contribution);
      }
    }
    const organisationIds = [...new Set([...creators.values()].map((c) => c.organisationId))];
    const names =
      organisationIds.length > 0
        ? new Map(
            (
              await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', organisationIds).execute()
            ).map((row) => [row.id, row.name]),
          )
        : new Map<string, string>();
    return carried.map(({ collection, itemId }) => {
      const before = earlier.get(itemId);
      if (before) {
        return {
          item_id: itemId,
          collection,
          origin_entry_id: before.origin_entry_id,
          origin_entry_title: before.origin_entry_title,
          contributed_by: before.contributed_by,
          contributed_by_organisation_id: before.contributed_by_organisation_id,
          contributed_by_organisation_name: before.contributed_by_organisation_name,
        };
      }
      const creator = creators.get(itemId);
      return {
        item_id: itemId,
        collection,
        origin_entry_id: sourceId,
        origin_entry_title: sourceTitle,
        contributed_by: creator?.userId ?? null,
        contributed_by_organisation_id: creator?.organisationId ?? null,
        contributed_by_organisation_name: (creator && names.get(creator.organisationId)) ?? null,
      };
    });
  }

  return { copyEntry };
}
