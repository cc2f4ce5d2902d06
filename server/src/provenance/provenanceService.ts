import type {
  ActorDto,
  ContributorRegisterRowDto,
  ItemCollection,
  ItemOriginDto,
  ItemProvenanceDto,
  ProvenanceDto,
  ProvenanceEventDto,
  SectionContributorDto,
  SectionProvenanceDto,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import { resolveCategory } from '../categories/categoryResolver.ts';
import type { Contribution, DocStore } from '../collab/docStore.ts';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';
import { itemOriginsOf } from '../reuse/itemOrigins.ts';
import { charactersByClient, type SectionCharacters } from './charactersByClient.ts';

export type ProvenanceService = ReturnType<typeof createProvenanceService>;

export type ProvenanceDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  store: Pick<DocStore, 'listContributions' | 'listExhibitLabels' | 'ownersOfClientIds'>;
  /** The live or stored document (the collaboration server's `readDocument`). */
  documents: { readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T> };
};

const itemKey = (collection: string, itemId: string) => `${collection}\u0000${itemId}`;

/** Running totals of one person's activity (in a section, or entry-wide). */
type Tally = { edits: number; first: number; last: number };
const tallyOf = (tally: Tally | undefined, at: number): Tally =>
  tally
    ? { edits: tally.edits + 1, first: Math.min(tally.first, at), last: Math.max(tally.last, at) }
    : { edits: 1, first: at, last: at };

/**
 * Provenance as the server vouches for it (PRODUCT §5; C-PROV-1 … C-PROV-6):
 * every fact comes from the contribution log (who sent each applied update,
 * from the authenticated connection), the exhibit labels, and the `doc_clients`
 * record of which person owns each Yjs client id. Nothing a client wrote into
 * the document about authorship (`createdBy` and the like) is read.
 */
export function createProvenanceService(deps: ProvenanceDeps) {
  const { db, entries, store, documents } = deps;

  async function getProvenance(entryId: string, userId: string): Promise<ProvenanceDto> {
    await entries.authorise(entryId, userId, 'read');
    const entry = await db.selectFrom('entries').select('category_id').where('id', '=', entryId).executeTakeFirst();
    const [contributions, labels, characters] = await Promise.all([
      store.listContributions(entryId),
      store.listExhibitLabels(entryId),
      documents.readDocument(entryId, charactersByClient),
    ]);
    const clientIds = new Set<number>();
    for (const counts of characters.values()) for (const clientId of counts.keys()) clientIds.add(clientId);
    const owners = await store.ownersOfClientIds(entryId, [...clientIds]);
    // Files uploaded to the entry are contributions too (issue 13), recorded by the server as they are stored.
    const uploads = await db
      .selectFrom('entry_files')
      .select(['id', 'name', 'uploaded_by as userId', 'uploaded_at as at'])
      .where('entry_id', '=', entryId)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
    const actors = await actorDirectory(entryId, contributions, [
      ...owners.values(),
      ...uploads.map((upload) => upload.userId),
    ]);

    const templateSections = (entry && (await resolveCategory(db, entry.category_id))?.sections.map((s) => s.id)) ?? [];
    return {
      entryId,
      sections: sectionProvenance(templateSections, contributions, characters, owners, actors),
      // Issue 17 item 3: items copied from another entry say where they were first contributed.
      items: withOrigins(itemProvenance(contributions, labels, actors), await itemOriginsOf(db, entryId)),
      register: contributorRegister(contributions, uploads, actors),
    };
  }

  /**
   * Names and organisations of everyone involved. An event's actor carries the
   * organisation of its contribution row; a person's aggregate (section
   * contributor, register row) the organisation of their latest contribution,
   * else of their membership, else of their account.
   */
  async function actorDirectory(
    entryId: string,
    contributions: Contribution[],
    extraUserIds: string[],
  ): Promise<Actors> {
    const userIds = [...new Set([...contributions.map((c) => c.userId), ...extraUserIds])];
    const users = new Map<string, { name: string; organisationId: string }>();
    const memberOrganisation = new Map<string, string>();
    if (userIds.length > 0) {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'name', 'organisation_id'])
        .where('id', 'in', userIds)
        .execute();
      for (const row of rows) users.set(row.id, { name: row.name, organisationId: row.organisation_id });
      const memberships = await db
        .selectFrom('memberships')
        .select(['user_id', 'organisation_id'])
        .where('entry_id', '=', entryId)
        .where('user_id', 'in', userIds)
        .execute();
      for (const row of memberships) memberOrganisation.set(row.user_id, row.organisation_id);
    }
    const latestOrganisation = new Map<string, string>();
    for (const c of contributions) latestOrganisation.set(c.userId, c.organisationId);

    const organisationIds = [
      ...new Set([
        ...contributions.map((c) => c.organisationId),
        ...memberOrganisation.values(),
        ...[...users.values()].map((u) => u.organisationId),
      ]),
    ];
    const organisations = new Map<string, string>();
    if (organisationIds.length > 0) {
      const rows = await db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('id', 'in', organisationIds)
        .execute();
      for (const row of rows) organisations.set(row.id, row.name);
    }

    const actor = (userId: string, organisationId?: string): ActorDto => {
      const user = users.get(userId);
      const orgId =
        organisationId ??
        latestOrganisation.get(userId) ??
        memberOrganisation.get(userId) ??
        user?.organisationId ??
        '';
      return actorOf({ userId, name: user?.name, organisationId: orgId, organisationName: organisations.get(orgId) });
    };
    return { actor, event: (c) => ({ actor: actor(c.userId, c.organisationId), at: isoTime(c.createdAt) }) };
  }

  return { getProvenance };
}

/** Who a person is, as shown in provenance (see `actorDirectory`). */
type Actors = {
  actor(userId: string, organisationId?: string): ActorDto;
  event(c: Contribution): ProvenanceEventDto;
};

/**
 * Per section: each person's characters of the current text (from the Yjs
 * client ids that own it, C-PROV-5) and share of it, and the updates they
 * sent into it (C-PROV-1). Template sections come first, in template order,
 * then any other section written in.
 */
function sectionProvenance(
  templateSections: string[],
  contributions: Contribution[],
  characters: SectionCharacters,
  owners: Map<number, string>,
  actors: Actors,
): SectionProvenanceDto[] {
  const tallies = new Map<string, Map<string, Tally>>();
  const overall = new Map<string, Tally>();
  for (const c of contributions) {
    overall.set(c.userId, tallyOf(overall.get(c.userId), c.createdAt));
    for (const sectionId of c.sections) {
      const people = tallies.get(sectionId) ?? new Map<string, Tally>();
      people.set(c.userId, tallyOf(people.get(c.userId), c.createdAt));
      tallies.set(sectionId, people);
    }
  }
  const extra = [...new Set([...tallies.keys(), ...characters.keys()])].filter((id) => !templateSections.includes(id));
  return [...templateSections, ...extra.sort()].map((sectionId) => {
    const chars = new Map<string, number>();
    let total = 0;
    for (const [clientId, count] of characters.get(sectionId) ?? []) {
      total += count;
      const owner = owners.get(clientId);
      if (owner !== undefined) chars.set(owner, (chars.get(owner) ?? 0) + count);
    }
    const people = tallies.get(sectionId) ?? new Map<string, Tally>();
    const userIds = new Set([...people.keys(), ...chars.keys()]);
    const contributors: SectionContributorDto[] = [];
    for (const userId of userIds) {
      // Text whose updates are not in the log yet (a batch being written) still counts for its owner.
      const tally = people.get(userId) ?? overall.get(userId);
      const characters = chars.get(userId) ?? 0;
      contributors.push({
        actor: actors.actor(userId),
        share: total > 0 ? characters / total : 0,
        characters,
        edits: people.get(userId)?.edits ?? 0,
        firstAt: isoTime(tally?.first ?? 0),
        lastAt: isoTime(tally?.last ?? 0),
      });
    }
    contributors.sort((a, b) => b.characters - a.characters || a.firstAt.localeCompare(b.firstAt));
    return { sectionId, contributors };
  });
}

/**
 * Per labelled item, in label order: who created it, each later change, and
 * who deleted it (C-PROV-1, C-PROV-6). An item id created again after a
 * deletion is restored: that counts as a change and clears the deletion.
 */
function itemProvenance(
  contributions: Contribution[],
  labels: { itemId: string; collection: ItemCollection; number: number }[],
  actors: Actors,
): ItemProvenanceDto[] {
  const labelOf = new Map(labels.map((l) => [l.itemId, l.number]));
  const items = new Map<string, ItemProvenanceDto & { number: number }>();
  for (const label of labels) {
    items.set(itemKey(label.collection, label.itemId), {
      itemId: label.itemId,
      collection: label.collection,
      label: `E${label.number}`,
      number: label.number,
      created: null,
      changes: [],
      deleted: null,
    });
  }
  for (const c of contributions) {
    for (const change of c.items) {
      const key = itemKey(change.collection, change.itemId);
      let item = items.get(key);
      if (!item) {
        // The same id in the other collection shares the id's label (labels are per item id).
        const number = labelOf.get(change.itemId);
        if (number === undefined) continue;
        item = {
          itemId: change.itemId,
          collection: change.collection,
          label: `E${number}`,
          number,
          created: null,
          changes: [],
          deleted: null,
        };
        items.set(key, item);
      }
      const event = actors.event(c);
      if (change.action === 'created' && item.created === null) item.created = event;
      else if (change.action === 'deleted') item.deleted = event;
      else {
        item.changes.push(event);
        if (change.action === 'created') item.deleted = null;
      }
    }
  }
  return [...items.values()]
    .sort((a, b) => a.number - b.number || a.collection.localeCompare(b.collection))
    .map(({ number: _number, ...item }) => item);
}

/** A file as the register counts it: who uploaded it and when. */
type Upload = { id: string; name: string; userId: string; at: number };

/**
 * One row per person who sent an applied update or uploaded a file, in order of their first one;
 * `edits` counts updates, and a person's first and last times cover their uploads as well.
 */
function contributorRegister(
  contributions: Contribution[],
  uploads: Upload[],
  actors: Actors,
): ContributorRegisterRowDto[] {
  type Row = { sections: Set<string>; items: Set<string>; files: { id: string; name: string }[]; edits: number };
  const rows = new Map<string, Row & { first: number; last: number }>();
  const rowOf = (userId: string, at: number) => {
    const row = rows.get(userId) ?? { sections: new Set(), items: new Set(), files: [], edits: 0, first: at, last: at };
    row.first = Math.min(row.first, at);
    row.last = Math.max(row.last, at);
    rows.set(userId, row);
    return row;
  };
  for (const c of contributions) {
    const row = rowOf(c.userId, c.createdAt);
    row.edits++;
    for (const sectionId of c.sections) row.sections.add(sectionId);
    for (const change of c.items) if (change.action !== 'deleted') row.items.add(change.itemId);
  }
  for (const upload of uploads)
    rowOf(upload.userId, Number(upload.at)).files.push({ id: upload.id, name: upload.name });
  return [...rows.entries()]
    .sort(([, a], [, b]) => a.first - b.first)
    .map(([userId, row]) => ({
      actor: actors.actor(userId),
      sections: [...row.sections],
      items: [...row.items],
      files: row.files,
      edits: row.edits,
      firstAt: isoTime(row.first),
      lastAt: isoTime(row.last),
    }));
}

/** Each item with the origin recorded when it was copied from another entry, if any. */
function withOrigins(items: ItemProvenanceDto[], origins: ReadonlyMap<string, ItemOriginDto>): ItemProvenanceDto[] {
  return items.map((item) => {
    const origin = origins.get(item.itemId);
    return origin ? { ...item, origin } : item;
  });
}
