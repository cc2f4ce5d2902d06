import {
  type ConsentGiver,
  type ConsentMethod,
  type ConsentRecordDto,
  type ConsentRecordUse,
  consentRecordStatus,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';

/** A consent record as the server holds it: the DTO's facts, before the caller's `canWithdraw` and the status of a day. */
export type StoredConsent = Omit<ConsentRecordDto, 'status' | 'canWithdraw'> & { withdrawnAt: number | null };

/** JSON arrays written by this module only; anything else reads as empty rather than failing a read. */
function stringArray(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Records by id, with the names of the organisation, the recorder and the withdrawer (one query). */
export async function selectConsents(
  db: Kysely<Database>,
  filter: { ids?: readonly string[]; organisationId?: string; entryId?: string },
): Promise<StoredConsent[]> {
  let query = db
    .selectFrom('consent_records as c')
    .leftJoin('organisations as owner', 'owner.id', 'c.organisation_id')
    .leftJoin('users as recorder', 'recorder.id', 'c.recorded_by')
    .leftJoin('users as withdrawer', 'withdrawer.id', 'c.withdrawn_by')
    .leftJoin('organisations as withdrawerOrg', 'withdrawerOrg.id', 'c.withdrawn_by_organisation')
    .selectAll('c')
    .select([
      'owner.name as ownerName',
      'recorder.name as recorderName',
      'withdrawer.name as withdrawerName',
      'withdrawerOrg.name as withdrawerOrgName',
    ]);
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return [];
    query = query.where('c.id', 'in', [...filter.ids]);
  }
  if (filter.organisationId !== undefined) query = query.where('c.organisation_id', '=', filter.organisationId);
  if (filter.entryId !== undefined) {
    const entryId = filter.entryId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('consent_record_entries as l')
          .select('l.consent_id')
          .whereRef('l.consent_id', '=', 'c.id')
          .where('l.entry_id', '=', entryId),
      ),
    );
  }
  const rows = await query.orderBy('c.recorded_at').orderBy('c.id').execute();
  return rows.map((row) => ({
    id: row.id,
    organisation: { id: row.organisation_id, name: row.ownerName ?? 'Unknown organisation' },
    recordedInEntryId: row.entry_id,
    personName: row.person_name,
    givenBy: row.given_by as ConsentGiver,
    representativeName: row.representative_name,
    representativeRelationship: row.representative_relationship,
    uses: stringArray(row.uses) as ConsentRecordUse[],
    method: row.method as ConsentMethod,
    methodDetail: row.method_detail,
    evidenceFileIds: stringArray(row.evidence_file_ids),
    givenOn: row.given_on,
    expiresOn: row.expires_on,
    recordedBy: actorOf({
      userId: row.recorded_by,
      name: row.recorderName,
      organisationId: row.organisation_id,
      organisationName: row.ownerName,
    }),
    recordedAt: isoTime(Number(row.recorded_at)),
    withdrawnAt: row.withdrawn_at === null ? null : Number(row.withdrawn_at),
    withdrawal:
      row.withdrawn_at === null || row.withdrawn_by === null
        ? null
        : {
            at: isoTime(Number(row.withdrawn_at)),
            by: actorOf({
              userId: row.withdrawn_by,
              name: row.withdrawerName,
              organisationId: row.withdrawn_by_organisation,
              organisationName: row.withdrawerOrgName,
            }),
            reason: row.withdrawal_reason ?? '',
          },
  }));
}

/** The DTO of a stored record on `today` (YYYY-MM-DD, UTC), for a caller who may or may not withdraw it. */
export function consentDto(stored: StoredConsent, today: string, mayWithdraw: boolean): ConsentRecordDto {
  const { withdrawnAt, ...rest } = stored;
  const status = consentRecordStatus({ expiresOn: stored.expiresOn, withdrawnAt }, today);
  return { ...rest, status, canWithdraw: mayWithdraw && status !== 'withdrawn' };
}
