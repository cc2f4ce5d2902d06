import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Consent records (issue 18 item 1): owned by the organisation that recorded them, never
      // deleted (a withdrawal is recorded on the row), so a submitted version's testimonial can
      // always be traced to the consent it relied on. `uses` and `evidence_file_ids` are JSON
      // arrays; dates are YYYY-MM-DD text (calendar dates, compared as text).
      await db.schema
        .createTable('consent_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('person_name', 'text', (c) => c.notNull())
        .addColumn('given_by', 'text', (c) => c.notNull())
        .addColumn('representative_name', 'text')
        .addColumn('representative_relationship', 'text')
        .addColumn('uses', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('method_detail', 'text')
        .addColumn('evidence_file_ids', 'text', (c) => c.notNull())
        .addColumn('given_on', 'text', (c) => c.notNull())
        .addColumn('expires_on', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', millis, (c) => c.notNull())
        .addColumn('withdrawn_at', millis)
        .addColumn('withdrawn_by', 'text')
        .addColumn('withdrawn_by_organisation', 'text')
        .addColumn('withdrawal_reason', 'text')
        .execute();
      await db.schema
        .createIndex('consent_records_organisation')
        .on('consent_records')
        .columns(['organisation_id', 'recorded_at'])
        .execute();
      // Which entries use each record: written when it is recorded in an entry or used in another,
      // so a withdrawal finds every entry (and its leads) without reading any document.
      await db.schema
        .createTable('consent_record_entries')
        .addColumn('consent_id', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('linked_by', 'text', (c) => c.notNull())
        .addColumn('linked_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('consent_record_entries_pk', ['consent_id', 'entry_id'])
        .execute();
      await db.schema
        .createIndex('consent_record_entries_entry')
        .on('consent_record_entries')
        .columns(['entry_id', 'linked_at'])
        .execute();
    },
  };
}
