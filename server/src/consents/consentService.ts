import {
  addMonthsToIsoDate,
  type ConsentRecordDto,
  type ConsentRecordListDto,
  type createConsentRecordBody,
  ErrorCode,
  type Role,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordActivity } from '../activity/activityLog.ts';
import type { ConsentConfig } from '../consentConfig.ts';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { utcDate } from '../isoTime.ts';
import type { ServiceOptions } from '../serviceOptions.ts';
import { consentDto, type StoredConsent, selectConsents } from './consentRows.ts';

export type ConsentService = ReturnType<typeof createConsentService>;

type CreateBody = z.output<typeof createConsentRecordBody>;

/**
 * Consent records (issue 18 item 1). A record belongs to the organisation
 * that recorded it, through a member on an entry (lead or contributor); the
 * entries that use it are listed in `consent_record_entries`, so a withdrawal
 * reaches each of them (activity line, leads notified, submit blocked) at
 * once. Who may see a record: members of an entry that uses it, and confirmed
 * members of its organisation. Who may withdraw it: its organisation's
 * members, and the leads of an entry that uses it (whatever their
 * organisation: the lead answers for what the entry submits); never a viewer.
 */
export function createConsentService(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  /** The notification service's notify and announce (notifications/notificationService.ts). */
  notificationCore: {
    notify(
      executor: Kysely<Database>,
      input: { kind: 'consent_withdrawn'; entryId: string; recipients: string[]; actorId: string; ref: string },
    ): Promise<{ userIds: string[] }>;
    announce(notified: { userIds: string[] }): void;
  };
  events: Pick<EventBus, 'publish'>;
  /** CONSENT_VALIDITY_MONTHS: the lifetime of a consent recorded without an expiry date. */
  config: ConsentConfig;
  /** `consentNow`: the clock expiry is judged by (tests inject it). */
  options?: Pick<ServiceOptions, 'consentNow'>;
}) {
  const { db, entries, events } = deps;
  const notifications = deps.notificationCore;
  const now = deps.options?.consentNow ?? Date.now;
  const today = () => utcDate(now());

  /** The organisation the caller is on the entry for (memberships record it). */
  async function membershipOrganisation(entryId: string, userId: string): Promise<string> {
    const row = await db
      .selectFrom('memberships')
      .select('organisation_id')
      .where('entry_id', '=', entryId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) throw notFound('Entry');
    return row.organisation_id;
  }

  /** The record if the entry uses it; 404 otherwise (as for a record that does not exist). */
  async function linkedRecord(entryId: string, consentId: string): Promise<StoredConsent> {
    const [record] = await selectConsents(db, { ids: [consentId], entryId });
    if (!record) throw notFound('Consent record');
    return record;
  }

  const mayWithdrawIn = (role: Role, callerOrganisation: string, record: StoredConsent) =>
    role === 'lead' || (role === 'contributor' && callerOrganisation === record.organisation.id);

  async function create(entryId: string, userId: string, body: CreateBody): Promise<ConsentRecordDto> {
    await entries.authorise(entryId, userId, 'edit');
    const organisationId = await membershipOrganisation(entryId, userId);
    const issues: { path: string; message: string }[] = [];
    if (body.givenOn > today())
      issues.push({ path: 'givenOn', message: 'The date consent was given is in the future' });
    if (body.evidenceFileIds.length > 0) {
      const found = await db
        .selectFrom('entry_files')
        .select('id')
        .where('entry_id', '=', entryId)
        .where('id', 'in', body.evidenceFileIds)
        .execute();
      const known = new Set(found.map((f) => f.id));
      body.evidenceFileIds.forEach((id, index) => {
        if (!known.has(id))
          issues.push({ path: `evidenceFileIds.${index}`, message: 'Upload the file to this entry first' });
      });
    }
    if (issues.length > 0) throw new HttpError(400, ErrorCode.validation, issues[0]!.message, issues);
    const id = generateId();
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('consent_records')
        .values({
          id,
          organisation_id: organisationId,
          entry_id: entryId,
          person_name: body.personName,
          given_by: body.givenBy,
          representative_name: body.representativeName ?? null,
          representative_relationship: body.representativeRelationship ?? null,
          uses: JSON.stringify(body.uses),
          method: body.method,
          method_detail: body.methodDetail?.trim() || null,
          evidence_file_ids: JSON.stringify(body.evidenceFileIds),
          given_on: body.givenOn,
          expires_on: body.expiresOn ?? addMonthsToIsoDate(body.givenOn, deps.config.consentValidityMonths),
          recorded_by: userId,
          recorded_at: at,
          withdrawn_at: null,
          withdrawn_by: null,
          withdrawn_by_organisation: null,
          withdrawal_reason: null,
        })
        .execute();
      await trx
        .insertInto('consent_record_entries')
        .values({ consent_id: id, entry_id: entryId, linked_by: userId, linked_at: at })
        .execute();
      await recordActivity(trx, {
        entryId,
        at,
        actor: { userId, organisationId },
        kind: 'consent_recorded',
        detail: { consentId: id, personName: body.personName },
      });
    });
    return consentDto(await linkedRecord(entryId, id), today(), true);
  }

  /** Uses a record of the caller's organisation in another entry (a testimonial used twice has one consent). */
  async function use(entryId: string, userId: string, consentId: string): Promise<ConsentRecordDto> {
    await entries.authorise(entryId, userId, 'edit');
    const organisationId = await membershipOrganisation(entryId, userId);
    const [record] = await selectConsents(db, { ids: [consentId], organisationId });
    if (!record) throw notFound('Consent record');
    if (record.withdrawnAt !== null) throw conflict(ErrorCode.consentWithdrawn, 'This consent has been withdrawn.');
    await db.transaction().execute(async (trx) => {
      const linked = await trx
        .selectFrom('consent_record_entries')
        .select('entry_id')
        .where('consent_id', '=', consentId)
        .where('entry_id', '=', entryId)
        .executeTakeFirst();
      if (linked) return;
      await trx
        .insertInto('consent_record_entries')
        .values({ consent_id: consentId, entry_id: entryId, linked_by: userId, linked_at: now() })
        .execute();
    });
    return consentDto(record, today(), true);
  }

  async function get(entryId: string, userId: string, consentId: string): Promise<ConsentRecordDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    const organisationId = await membershipOrganisation(entryId, userId);
    const record = await linkedRecord(entryId, consentId);
    return consentDto(record, today(), mayWithdrawIn(role, organisationId, record));
  }

  async function listForEntry(entryId: string, userId: string): Promise<ConsentRecordListDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    const organisationId = await membershipOrganisation(entryId, userId);
    const records = await selectConsents(db, { entryId });
    const day = today();
    return { consents: records.map((r) => consentDto(r, day, mayWithdrawIn(role, organisationId, r))) };
  }

  /** 404 unless the caller is a member of the organisation; 403 while their membership is pending (issue 15). */
  async function authoriseOrganisation(organisationId: string, userId: string): Promise<void> {
    const user = await db
      .selectFrom('users')
      .select(['organisation_id', 'organisation_status'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.organisation_id !== organisationId) throw notFound('Organisation');
    if (user.organisation_status !== 'confirmed')
      throw forbidden('An admin of your organisation must confirm you before you can see its consent records.');
  }

  async function listForOrganisation(organisationId: string, userId: string): Promise<ConsentRecordListDto> {
    await authoriseOrganisation(organisationId, userId);
    const records = await selectConsents(db, { organisationId });
    const day = today();
    return { consents: records.map((r) => consentDto(r, day, true)) };
  }

  /**
   * Withdraws a record for every entry that uses it: one activity line in each, its leads
   * notified (not the person withdrawing), and each entry's open pages told to refetch sign-off.
   */
  async function withdrawRecord(
    record: StoredConsent,
    actor: { userId: string; organisationId: string },
    reason: string,
  ): Promise<ConsentRecordDto> {
    if (record.withdrawnAt !== null) throw conflict(ErrorCode.consentWithdrawn, 'This consent was withdrawn already.');
    const at = now();
    const { entryIds, notified } = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('consent_records')
        .set({
          withdrawn_at: at,
          withdrawn_by: actor.userId,
          withdrawn_by_organisation: actor.organisationId,
          withdrawal_reason: reason,
        })
        .where('id', '=', record.id)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      // Two withdrawals at once: the second finds it done and changes nothing.
      if (Number(updated.numUpdatedRows) === 0)
        throw conflict(ErrorCode.consentWithdrawn, 'This consent was withdrawn already.');
      const links = await trx
        .selectFrom('consent_record_entries')
        .select('entry_id')
        .where('consent_id', '=', record.id)
        .execute();
      const userIds: string[] = [];
      for (const { entry_id: entryId } of links) {
        await recordActivity(trx, {
          entryId,
          at,
          actor,
          kind: 'consent_withdrawn',
          detail: { consentId: record.id, personName: record.personName },
        });
        const leads = await trx
          .selectFrom('memberships')
          .select('user_id')
          .where('entry_id', '=', entryId)
          .where('role', '=', 'lead')
          .execute();
        const sent = await notifications.notify(trx, {
          kind: 'consent_withdrawn',
          entryId,
          recipients: leads.map((l) => l.user_id),
          actorId: actor.userId,
          ref: record.id,
        });
        userIds.push(...sent.userIds);
      }
      return { entryIds: links.map((l) => l.entry_id), notified: { userIds: [...new Set(userIds)] } };
    });
    notifications.announce(notified);
    for (const entryId of entryIds) events.publish('entryChanged', { entryId, kind: 'signoff' });
    const [after] = await selectConsents(db, { ids: [record.id] });
    return consentDto(after ?? record, today(), false);
  }

  async function withdrawInEntry(
    entryId: string,
    userId: string,
    consentId: string,
    reason: string,
  ): Promise<ConsentRecordDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    const organisationId = await membershipOrganisation(entryId, userId);
    const record = await linkedRecord(entryId, consentId);
    if (!mayWithdrawIn(role, organisationId, record)) {
      throw forbidden(
        role === 'viewer'
          ? 'Viewers cannot withdraw consent.'
          : `Only ${record.organisation.name} or a lead of this entry can withdraw this consent.`,
      );
    }
    return withdrawRecord(record, { userId, organisationId }, reason);
  }

  async function withdrawInOrganisation(
    organisationId: string,
    userId: string,
    consentId: string,
    reason: string,
  ): Promise<ConsentRecordDto> {
    await authoriseOrganisation(organisationId, userId);
    const [record] = await selectConsents(db, { ids: [consentId], organisationId });
    if (!record) throw notFound('Consent record');
    return withdrawRecord(record, { userId, organisationId }, reason);
  }

  /**
   * For submit conditions: the entry's records among `ids`, as they stand today (a record the
   * entry does not use is absent, and named as unknown by the condition).
   */
  async function recordsUsedBy(entryId: string, ids: readonly string[]): Promise<Map<string, ConsentRecordDto>> {
    const records = await selectConsents(db, { ids: [...new Set(ids)], entryId });
    const day = today();
    return new Map(records.map((r) => [r.id, consentDto(r, day, false)]));
  }

  return {
    /** Today (YYYY-MM-DD, UTC) by the clock expiry is judged by: what cached counts of conditions depend on. */
    today,
    create,
    use,
    get,
    listForEntry,
    listForOrganisation,
    withdrawInEntry,
    withdrawInOrganisation,
    recordsUsedBy,
  };
}
