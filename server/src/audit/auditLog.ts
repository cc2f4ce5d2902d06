import type { AuditDetail, AuditDetailValue, AuditEntryDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { FORMER_USER } from '../people/actorOf.ts';
import type { AuditAction } from './auditActions.ts';
import { auditRequestIp } from './auditRequestContext.ts';

/** A record's detail holds at most this many keys, each string cut to this many characters. */
export const AUDIT_DETAIL_MAX_KEYS = 12;
export const AUDIT_DETAIL_MAX_CHARS = 200;
/**
 * Failed sign-ins recorded per account an hour. Anyone can send wrong passwords for an address
 * from many machines; past this the sign-in throttle is what stops them, and the log keeps the
 * evidence that it started without growing with the attack.
 */
export const AUDIT_FAILED_SIGN_INS_PER_HOUR = 10;

export type AuditRecord = {
  organisationId: string;
  /** The signed-in person who did it; null for the system or someone not signed in. */
  actorId: string | null;
  /** The account it was about, when it is one. */
  subjectUserId?: string | null;
  action: AuditAction;
  detail?: AuditDetail;
  /** Defaults to the address of the request being served (auditRequestContext.ts), if any. */
  ip?: string | null;
  at?: number;
};

/** The detail as stored: flat, at most AUDIT_DETAIL_MAX_KEYS keys, strings cut to AUDIT_DETAIL_MAX_CHARS. */
export function boundedDetail(detail: AuditDetail | undefined): string {
  const bounded: Record<string, AuditDetailValue> = {};
  for (const [key, value] of Object.entries(detail ?? {}).slice(0, AUDIT_DETAIL_MAX_KEYS)) {
    const k = key.slice(0, 40);
    if (typeof value === 'string') bounded[k] = value.slice(0, AUDIT_DETAIL_MAX_CHARS);
    else if (typeof value === 'number') bounded[k] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'boolean' || value === null) bounded[k] = value;
  }
  return JSON.stringify(bounded);
}

const rowOf = (record: AuditRecord) => ({
  actor_id: record.actorId,
  subject_user_id: record.subjectUserId ?? null,
  action: record.action,
  detail: boundedDetail(record.detail),
  ip: record.ip === undefined ? auditRequestIp() : record.ip,
  created_at: record.at ?? Date.now(),
});

/**
 * Appends one record. Pass the transaction that makes the change, so the record exists exactly
 * when the change does (a failed action leaves none, and no action goes unrecorded).
 */
export async function recordAudit(executor: Kysely<Database>, record: AuditRecord): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({ organisation_id: record.organisationId, ...rowOf(record) })
    .execute();
}

/**
 * Appends an account action, against the organisation the account belongs to now (so the caller
 * need not know it). Nothing is written for an unknown account.
 */
export async function recordAccountAudit(
  executor: Kysely<Database>,
  record: Omit<AuditRecord, 'organisationId' | 'subjectUserId'> & { userId: string },
): Promise<void> {
  const user = await executor
    .selectFrom('users')
    .select('organisation_id')
    .where('id', '=', record.userId)
    .executeTakeFirst();
  if (!user) return;
  await recordAudit(executor, { ...record, organisationId: user.organisation_id, subjectUserId: record.userId });
}

/**
 * A wrong password or code for an existing account, up to AUDIT_FAILED_SIGN_INS_PER_HOUR an hour
 * per account (counted from the log itself, so every process agrees). Never inside the sign-in's
 * answer: callers run it without awaiting, so its timing says nothing about whether the address
 * has an account.
 */
export async function recordFailedSignIn(
  db: Kysely<Database>,
  input: { userId: string; stage: 'password' | 'second_factor'; ip: string | null; at?: number },
): Promise<void> {
  const at = input.at ?? Date.now();
  const recent = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_user_id', '=', input.userId)
    .where('action', '=', 'account.sign_in_failed')
    .where('created_at', '>', at - 60 * 60 * 1000)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= AUDIT_FAILED_SIGN_INS_PER_HOUR) return;
  await recordAccountAudit(db, {
    userId: input.userId,
    actorId: null,
    action: 'account.sign_in_failed',
    detail: { stage: input.stage },
    ip: input.ip,
    at,
  });
}

/** A wrong password for the account with this address, if there is a live one (recordFailedSignIn). */
export async function recordFailedPasswordSignIn(
  db: Kysely<Database>,
  input: { email: string; ip: string | null },
): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', input.email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (user) await recordFailedSignIn(db, { userId: user.id, stage: 'password', ip: input.ip });
}

/**
 * An organisation's records, newest first: `limit` of them older than the record `before` (all
 * when null). Names are read now, so a deleted account shows its "Former member of …" name.
 */
export async function listAudit(
  db: Kysely<Database>,
  query: { organisationId: string; before: number | null; limit: number },
): Promise<{ entries: AuditEntryDto[]; nextBefore: string | null }> {
  let select = db
    .selectFrom('audit_log')
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
    .leftJoin('users as subject', 'subject.id', 'audit_log.subject_user_id')
    .select([
      'audit_log.id as id',
      'audit_log.action as action',
      'audit_log.actor_id as actorId',
      'actor.name as actorName',
      'audit_log.subject_user_id as subjectId',
      'subject.name as subjectName',
      'audit_log.detail as detail',
      'audit_log.ip as ip',
      'audit_log.created_at as createdAt',
    ])
    .where('audit_log.organisation_id', '=', query.organisationId);
  if (query.before !== null) select = select.where('audit_log.id', '<', query.before);
  // One more than asked says whether an older page exists.
  const rows = await select
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? FORMER_USER } : null);
  return {
    entries: page.map((row) => ({
      id: String(row.id),
      at: isoTime(row.createdAt),
      action: row.action as AuditAction,
      actor: person(row.actorId, row.actorName),
      subject: person(row.subjectId, row.subjectName),
      detail: parseDetail(row.detail),
      ip: row.ip,
    })),
    nextBefore: rows.length > query.limit && page.length > 0 ? String(page[page.length - 1]!.id) : null,
  };
}

function parseDetail(text: string): AuditDetail {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as AuditDetail) : {};
  } catch {
    return {};
  }
}
