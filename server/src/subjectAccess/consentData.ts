import type { SubjectAccessExportDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import type { RowBudget } from './rowBudget.ts';

type ConsentPart = Pick<SubjectAccessExportDto, 'consentRecords'>;

/** Lower case, spacing collapsed: how a record's person is matched to the account's name. */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

function parseList(json: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * Consent records (issue 18 item 1) the person recorded or withdrew, and those naming them (as the
 * person or their representative). A name is matched only in entries the person is a member of:
 * across every organisation, a namesake's consent would be handed to the wrong person.
 */
export async function readConsentData(
  db: Kysely<Database>,
  who: { userId: string; name: string; entryIds: string[] },
  budget: RowBudget,
): Promise<ConsentPart> {
  const byThem = await budget.rows(
    'consentRecords',
    db
      .selectFrom('consent_records')
      .selectAll()
      .where((eb) => eb.or([eb('recorded_by', '=', who.userId), eb('withdrawn_by', '=', who.userId)]))
      .orderBy('recorded_at'),
  );
  const me = nameKey(who.name);
  const naming =
    who.entryIds.length === 0 || me.length === 0
      ? []
      : (
          await budget.rows(
            'consentRecords.namingYou',
            db
              .selectFrom('consent_records')
              .selectAll()
              .where((eb) =>
                eb.or([
                  eb('entry_id', 'in', who.entryIds),
                  eb(
                    'id',
                    'in',
                    eb.selectFrom('consent_record_entries').select('consent_id').where('entry_id', 'in', who.entryIds),
                  ),
                ]),
              )
              .orderBy('recorded_at'),
          )
        ).filter(
          (row) =>
            nameKey(row.person_name) === me ||
            (row.representative_name !== null && nameKey(row.representative_name) === me),
        );

  const seen = new Set<string>();
  const records: SubjectAccessExportDto['consentRecords'] = [];
  for (const row of [...byThem, ...naming]) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    records.push({
      id: row.id,
      entryId: row.entry_id,
      personName: row.person_name,
      givenBy: row.given_by,
      representativeName: row.representative_name,
      representativeRelationship: row.representative_relationship,
      uses: parseList(row.uses).filter((use): use is string => typeof use === 'string'),
      method: row.method,
      methodDetail: row.method_detail,
      evidenceFileIds: parseList(row.evidence_file_ids).filter((id): id is string => typeof id === 'string'),
      givenOn: row.given_on,
      expiresOn: row.expires_on,
      recordedAt: isoTime(row.recorded_at),
      withdrawnAt: row.withdrawn_at === null ? null : isoTime(row.withdrawn_at),
      withdrawalReason: row.withdrawal_reason,
      recordedByYou: row.recorded_by === who.userId,
      withdrawnByYou: row.withdrawn_by === who.userId,
      namesYou:
        nameKey(row.person_name) === me ||
        (row.representative_name !== null && nameKey(row.representative_name) === me),
    });
  }
  return { consentRecords: records };
}
