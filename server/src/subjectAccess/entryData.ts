import type { SubjectAccessExportDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import type { RowBudget } from './rowBudget.ts';

type EntryPart = Pick<SubjectAccessExportDto, 'memberships' | 'invitations' | 'contributions'>;

const isoOrNull = (ms: number | string | null) => (ms === null ? null : isoTime(ms));

function parseList(json: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

type ItemTouch = { collection: string; itemId: string; action: string };
const isItemTouch = (value: unknown): value is ItemTouch =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as ItemTouch).collection === 'string' &&
  typeof (value as ItemTouch).itemId === 'string' &&
  typeof (value as ItemTouch).action === 'string';

/** Entries the person is in, invitations to and from them, and what the contribution log says they wrote. */
export async function readEntryData(
  db: Kysely<Database>,
  who: { userId: string; email: string },
  budget: RowBudget,
): Promise<EntryPart> {
  const [memberships, received, sent, contributions, clients] = await Promise.all([
    budget.rows(
      'memberships',
      db
        .selectFrom('memberships')
        .innerJoin('entries', 'entries.id', 'memberships.entry_id')
        .select([
          'entries.id as entryId',
          'entries.title',
          'entries.created_by as createdBy',
          'memberships.role',
          'memberships.organisation_id as organisationId',
          'memberships.created_at as joinedAt',
        ])
        .where('memberships.user_id', '=', who.userId)
        .orderBy('memberships.created_at'),
    ),
    budget.rows(
      'invitations.received',
      db
        .selectFrom('invitations')
        .select(['entry_id', 'role', 'created_at', 'accepted_at'])
        .where((eb) => eb.or([eb('accepted_by', '=', who.userId), eb('email', '=', who.email)]))
        .orderBy('created_at'),
    ),
    budget.rows(
      'invitations.sent',
      db
        .selectFrom('invitations')
        .select(['entry_id', 'role', 'created_at', 'accepted_at', 'revoked_at'])
        .where('invited_by', '=', who.userId)
        .orderBy('created_at'),
    ),
    budget.rows(
      'contributions',
      db
        .selectFrom('contributions')
        .select(['entry_id', 'sections', 'items', 'created_at'])
        .where('user_id', '=', who.userId)
        .orderBy('id'),
    ),
    budget.rows(
      'contributions.clientIds',
      db
        .selectFrom('doc_clients')
        .select(['entry_id', 'client_id'])
        .where('user_id', '=', who.userId)
        .orderBy('created_at'),
    ),
  ]);

  const touched = [...new Set(contributions.map((c) => c.entry_id))];
  const labels = new Map<string, string>();
  if (touched.length > 0) {
    const rows = await db
      .selectFrom('exhibit_labels')
      .select(['entry_id', 'item_id', 'number'])
      .where('entry_id', 'in', touched)
      .execute();
    for (const row of rows) labels.set(`${row.entry_id}\n${row.item_id}`, `E${row.number}`);
  }

  type Tally = { edits: number; first: number; last: number };
  const perEntry = new Map<
    string,
    { sections: Map<string, Tally>; items: EntryPart['contributions'][number]['items']; clientIds: number[] }
  >();
  const entryOf = (entryId: string) => {
    let entry = perEntry.get(entryId);
    if (!entry) {
      entry = { sections: new Map(), items: [], clientIds: [] };
      perEntry.set(entryId, entry);
    }
    return entry;
  };
  for (const row of contributions) {
    const at = Number(row.created_at);
    const entry = entryOf(row.entry_id);
    for (const sectionId of parseList(row.sections)) {
      if (typeof sectionId !== 'string') continue;
      const tally = entry.sections.get(sectionId);
      entry.sections.set(
        sectionId,
        tally
          ? { edits: tally.edits + 1, first: Math.min(tally.first, at), last: Math.max(tally.last, at) }
          : { edits: 1, first: at, last: at },
      );
    }
    for (const item of parseList(row.items).filter(isItemTouch)) {
      entry.items.push({
        collection: item.collection,
        itemId: item.itemId,
        label: labels.get(`${row.entry_id}\n${item.itemId}`) ?? null,
        action: item.action,
        at: isoTime(at),
      });
    }
  }
  for (const row of clients) entryOf(row.entry_id).clientIds.push(Number(row.client_id));

  return {
    memberships: memberships.map((row) => ({
      entryId: row.entryId,
      title: row.title,
      role: row.role,
      organisationId: row.organisationId,
      joinedAt: isoTime(row.joinedAt),
      createdByYou: row.createdBy === who.userId,
    })),
    invitations: {
      received: received.map((row) => ({
        entryId: row.entry_id,
        role: row.role,
        createdAt: isoTime(row.created_at),
        acceptedAt: isoOrNull(row.accepted_at),
      })),
      sent: sent.map((row) => ({
        entryId: row.entry_id,
        role: row.role,
        createdAt: isoTime(row.created_at),
        acceptedAt: isoOrNull(row.accepted_at),
        revokedAt: isoOrNull(row.revoked_at),
      })),
    },
    contributions: [...perEntry.entries()].map(([entryId, entry]) => ({
      entryId,
      sections: [...entry.sections.entries()].map(([sectionId, tally]) => ({
        sectionId,
        edits: tally.edits,
        firstAt: isoTime(tally.first),
        lastAt: isoTime(tally.last),
      })),
      items: entry.items,
      clientIds: entry.clientIds,
    })),
  };
}
