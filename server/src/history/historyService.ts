import {
  CURRENT_VERSION,
  diffBlocks,
  ErrorCode,
  type SectionCompareDto,
  type SectionHistoryDto,
  type SectionVersionDetailDto,
  type SectionVersionDto,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import { HISTORY_MAX_NAMED_VERSIONS_PER_SECTION, HISTORY_MAX_VERSION_BYTES } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { loadEntry } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, HttpError, notFound } from '../http/HttpError.ts';
import { isoTime } from '../isoTime.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { Logger } from '../logger.ts';
import { actorLookup } from '../people/actorOf.ts';
import { blocksWithLabels, type SectionSnapshot, snapshotOfDocument } from './sectionSnapshot.ts';
import { createVersionStore, type VersionRow } from './versionStore.ts';

export type HistoryDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  /** The entry's live or stored document (documents/documentReader.ts). */
  readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** Exhibit labels (E1, E2 …) as the server assigned them. */
  exhibitLabels(entryId: string): Promise<{ itemId: string; number: number }[]>;
  limits: Pick<ActionLimiter, 'versionNamed'>;
  events: Pick<EventBus, 'publish'>;
  logger: Logger;
  now?: () => number;
};

export type HistoryService = ReturnType<typeof createHistoryService>;

/**
 * Draft history of sections (issue 14 item 4): lists, reads and compares a
 * section's versions, records named, restore and automatic versions. Who made
 * a version always comes from the session or the connection, never the client.
 */
export function createHistoryService(deps: HistoryDeps) {
  const { db, entries, events, logger } = deps;
  const now = deps.now ?? Date.now;
  const store = createVersionStore(db);

  /** The entry's template section, or 404 (a section id is validated as a slug by the route). */
  async function sectionOf(entryId: string, sectionId: string) {
    const { status, template } = await loadEntry(db, entryId);
    const section = template.sections.find((s) => s.id === sectionId);
    if (!section) throw notFound('Section');
    return { status, section };
  }

  async function dtos(rows: VersionRow[]): Promise<SectionVersionDto[]> {
    const actor = await actorLookup(db, rows);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      by: actor(row.userId, row.organisationId),
      at: isoTime(row.at),
      words: row.words,
      contentHash: row.contentHash,
      restoredFrom: row.restoredFrom,
    }));
  }

  const current = (entryId: string, sectionId: string) =>
    deps.readDocument(entryId, (doc) => snapshotOfDocument(doc, sectionId));

  async function labelsOf(entryId: string): Promise<Map<string, string>> {
    return new Map((await deps.exhibitLabels(entryId)).map((l) => [l.itemId, `E${l.number}`]));
  }

  async function listVersions(entryId: string, sectionId: string, userId: string): Promise<SectionHistoryDto> {
    await entries.authorise(entryId, userId, 'read');
    await sectionOf(entryId, sectionId);
    const [rows, live] = await Promise.all([store.list(entryId, sectionId), current(entryId, sectionId)]);
    const named = rows.filter((row) => row.kind === 'named' || row.kind === 'restore').length;
    return {
      sectionId,
      versions: await dtos(rows),
      currentHash: live.contentHash,
      namedVersionsLeft: Math.max(0, HISTORY_MAX_NAMED_VERSIONS_PER_SECTION - named),
    };
  }

  async function versionOrNotFound(entryId: string, sectionId: string, versionId: string) {
    const found = await store.get(entryId, sectionId, versionId);
    if (!found) throw notFound('Version');
    return found;
  }

  async function getVersion(
    entryId: string,
    sectionId: string,
    versionId: string,
    userId: string,
  ): Promise<SectionVersionDetailDto> {
    await entries.authorise(entryId, userId, 'read');
    await sectionOf(entryId, sectionId);
    const { row, snapshot } = await versionOrNotFound(entryId, sectionId, versionId);
    const [dto] = await dtos([row]);
    return {
      ...dto!,
      blocks: blocksWithLabels(snapshot.content, await labelsOf(entryId)),
      state: Buffer.from(snapshot.state).toString('base64'),
    };
  }

  /** Word-level comparison of two versions, or of a version and the text now (`current`). */
  async function compare(
    entryId: string,
    sectionId: string,
    from: string,
    to: string,
    userId: string,
  ): Promise<SectionCompareDto> {
    await entries.authorise(entryId, userId, 'read');
    await sectionOf(entryId, sectionId);
    const side = async (id: string): Promise<SectionSnapshot> =>
      id === CURRENT_VERSION ? current(entryId, sectionId) : (await versionOrNotFound(entryId, sectionId, id)).snapshot;
    const [a, b, labels] = await Promise.all([side(from), side(to), labelsOf(entryId)]);
    return {
      sectionId,
      from,
      to,
      fromHash: a.contentHash,
      toHash: b.contentHash,
      changed: a.contentHash !== b.contentHash,
      blocks: diffBlocks(blocksWithLabels(a.content, labels), blocksWithLabels(b.content, labels)),
    };
  }

  async function record(input: {
    entryId: string;
    sectionId: string;
    kind: 'auto' | 'named' | 'restore';
    name: string | null;
    restoredFrom: string | null;
    actor: { userId: string; organisationId: string };
    snapshot: SectionSnapshot;
  }): Promise<string> {
    if (input.snapshot.state.length > HISTORY_MAX_VERSION_BYTES) {
      throw new HttpError(413, ErrorCode.payloadTooLarge, 'This section is too large to keep a version of.');
    }
    const at = now();
    const id = await store.insert({ ...input, ...input.actor, at });
    if (input.kind === 'auto') await store.thinAuto(input.entryId, input.sectionId, at);
    events.publish('entryChanged', { entryId: input.entryId, kind: 'history', sectionId: input.sectionId });
    return id;
  }

  async function dtoOf(entryId: string, sectionId: string, id: string): Promise<SectionVersionDto> {
    const found = await store.get(entryId, sectionId, id);
    if (!found) throw new Error(`version ${id} not found after insert`);
    return (await dtos([found.row]))[0]!;
  }

  async function assertRoomForNamed(entryId: string, sectionId: string) {
    if ((await store.countKinds(entryId, sectionId, ['named', 'restore'])) >= HISTORY_MAX_NAMED_VERSIONS_PER_SECTION) {
      throw conflict(
        ErrorCode.conflict,
        `This section already has ${HISTORY_MAX_NAMED_VERSIONS_PER_SECTION} named and restored versions, the most it keeps.`,
      );
    }
  }

  /** Any member, viewers included, names the section's text as it is now. */
  async function nameVersion(entryId: string, sectionId: string, name: string, userId: string) {
    await entries.authorise(entryId, userId, 'read');
    await sectionOf(entryId, sectionId);
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    await assertRoomForNamed(entryId, sectionId);
    await deps.limits.versionNamed(actor);
    const snapshot = await current(entryId, sectionId);
    const id = await record({ entryId, sectionId, kind: 'named', name, restoredFrom: null, actor, snapshot });
    return dtoOf(entryId, sectionId, id);
  }

  /**
   * After the restoring person's editor replaced the section's content with version `from` (their own
   * write on the socket, attributed and undoable there), records the section as it now is as a
   * `restore` version naming its source. Writers only; never on a submitted entry.
   */
  async function recordRestore(entryId: string, sectionId: string, from: string, userId: string) {
    await entries.authorise(entryId, userId, 'edit');
    const { status } = await sectionOf(entryId, sectionId);
    if (status !== 'draft') {
      throw conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it first.');
    }
    const source = await versionOrNotFound(entryId, sectionId, from);
    const actor = await entries.activityActor(entryId, userId);
    if (!actor) throw notFound('Entry');
    await assertRoomForNamed(entryId, sectionId);
    const snapshot = await current(entryId, sectionId);
    const id = await record({ entryId, sectionId, kind: 'restore', name: null, restoredFrom: from, actor, snapshot });
    return {
      version: await dtoOf(entryId, sectionId, id),
      matchesSource: snapshot.contentHash === source.snapshot.contentHash,
    };
  }

  /**
   * The automatic recorder's capture (historyRecorder.ts): the section as the live room holds it now,
   * kept for the person whose session of edits ended, unless it equals the latest recorded version.
   */
  async function recordAuto(entryId: string, sectionId: string, actor: { userId: string; organisationId: string }) {
    const snapshot = await current(entryId, sectionId);
    if ((await store.latestRecordedHash(entryId, sectionId)) === snapshot.contentHash) return null;
    if (snapshot.state.length > HISTORY_MAX_VERSION_BYTES) {
      logger.warn('history: section too large for a version; not kept', {
        entryId,
        sectionId,
        bytes: snapshot.state.length,
      });
      return null;
    }
    return record({ entryId, sectionId, kind: 'auto', name: null, restoredFrom: null, actor, snapshot });
  }

  return { listVersions, getVersion, compare, nameVersion, recordRestore, recordAuto };
}
